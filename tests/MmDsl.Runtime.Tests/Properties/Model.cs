namespace MmDsl.Runtime.Tests.Properties;

/// <summary>
/// The reference model of memory: what every process must read at every page it has mapped.
/// Private pages carry their own words; shared pages point at a shared object's words. Only
/// words that were written are stored; everything else reads as zero.
/// </summary>
public sealed class Model
{
    public sealed class Page
    {
        public bool Shared { get; init; }

        /// <summary>For a shared page: its shmem object and page index; for a file page, its file's (negative) and page index.</summary>
        public (int Object, long Index) Key { get; init; }

        /// <summary>A page of a private file mapping: it reads the file until the process has its own copy.</summary>
        public bool File { get; init; }

        /// <summary>A file page the process copied (written, or COW broken by GUP, populate or an unshare): private from then on.</summary>
        public bool Copied { get; set; }

        /// <summary>In a VM_LOCKED mapping (mlock).</summary>
        public bool Locked { get; set; }

        /// <summary>Reads the file's words rather than its own.</summary>
        public bool ReadsFile => Shared || (File && !Copied);

        public bool Read { get; set; } = true;

        public bool Write { get; set; } = true;

        public bool DontFork { get; set; }

        public bool WipeOnFork { get; set; }

        /// <summary>Private words written, by word index.</summary>
        public Dictionary<int, ulong> Words { get; set; } = [];

        /// <summary>MADV_FREE: until written again, each word may also read as zero.</summary>
        public bool MaybeZero { get; set; }

        public Page Clone() => new()
        {
            Shared = Shared, Key = Key, Read = Read, Write = Write, DontFork = DontFork, WipeOnFork = WipeOnFork,
            Words = new Dictionary<int, ulong>(Words), MaybeZero = MaybeZero, File = File, Copied = Copied,
        };
    }

    public Dictionary<string, SortedDictionary<long, Page>> Processes { get; } = [];

    public Dictionary<(int Object, long Index), Dictionary<int, ulong>> SharedWords { get; } = [];

    public List<string> Order { get; } = [];

    public void AddProcess(string name)
    {
        Processes[name] = [];
        Order.Add(name);
    }

    public void RemoveProcess(string name)
    {
        Processes.Remove(name);
        Order.Remove(name);
    }

    /// <summary>fork: private pages copied (wiped for wipeonfork, left out for dontfork), shared ones shared.</summary>
    public void Fork(string parent, string child)
    {
        AddProcess(child);
        foreach (var (address, page) in Processes[parent])
        {
            if (page.DontFork)
            {
                continue;
            }
            var copy = page.Clone();
            if (page.WipeOnFork && !page.Shared)
            {
                copy.Words = [];
                copy.MaybeZero = false;
            }
            Processes[child][address] = copy;
        }
    }

    /// <summary>The words a read may return at a page and word (several only after MADV_FREE).</summary>
    public IReadOnlyList<ulong> Expected(Page page, int word)
    {
        var words = page.ReadsFile ? SharedWords.GetValueOrDefault(page.Key) : page.Words;
        var value = words?.GetValueOrDefault(word) ?? 0;
        return page.MaybeZero && value != 0 ? [value, 0] : [value];
    }

    /// <summary>A private file page gets its own copy of the file's words as they are now.</summary>
    public void Copy(Page page)
    {
        page.Words = new Dictionary<int, ulong>(SharedWords.GetValueOrDefault(page.Key) ?? []);
        page.Copied = true;
    }

    public void Store(Page page, int word, ulong value)
    {
        if (page.File && !page.Copied)
        {
            Copy(page);
        }
        if (page.Shared)
        {
            if (!SharedWords.TryGetValue(page.Key, out var words))
            {
                SharedWords[page.Key] = words = [];
            }
            words[word] = value;
            return;
        }
        page.Words[word] = value;
    }

    /// <summary>
    /// MADV_FREE's undefined contents, resolved: a lazyfree page that reclaim dropped has no
    /// page-table entry any more and reads as zero from then on.
    /// </summary>
    public static void Resolve(Page page, bool discarded)
    {
        if (!page.Shared && page.MaybeZero && discarded)
        {
            page.Words.Clear();
            page.MaybeZero = false;
        }
    }
}
