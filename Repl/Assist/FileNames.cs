namespace MmDsl.Repl.Assist;

/// <summary>File names for completion, relative to the current directory, directories ending in <c>/</c>.</summary>
internal static class FileNames
{
    /// <summary>Entries of the word's directory whose names start with the word's last part.</summary>
    public static IEnumerable<string> For(string word, string? extension)
    {
        var slash = word.LastIndexOf('/');
        var dir = slash >= 0 ? word[..(slash + 1)] : string.Empty;
        var start = word[(slash + 1)..];
        var path = dir.StartsWith('~') ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + dir[1..] : dir;
        var full = Path.GetFullPath(path.Length == 0 ? "." : path);
        if (!Directory.Exists(full))
        {
            return [];
        }
        try
        {
            var dirs = Directory.EnumerateDirectories(full).Select(d => Path.GetFileName(d) + "/");
            var files = Directory.EnumerateFiles(full).Select(Path.GetFileName).OfType<string>()
                .Where(f => extension is null || f.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
            return dirs.Concat(files)
                .Where(n => n.StartsWith(start, StringComparison.Ordinal) && (start.StartsWith('.') || !n.StartsWith('.')))
                .Select(n => dir + n)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
