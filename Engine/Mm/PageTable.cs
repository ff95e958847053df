using System.Runtime.CompilerServices;

namespace MmDsl.Engine.Mm;

/// <summary>
/// One process's page tables: PGD and PUD levels as arrays of 512, then a PMD table whose entries
/// are either none, a huge leaf, or a pointer to a table of 512 PTEs. Levels are allocated on
/// first use, so untouched address space costs nothing.
/// </summary>
internal sealed class PageTable
{
    public const int PageShift = 12;
    public const long PageSize = 1L << PageShift;
    public const int PmdShift = 21;
    public const long PmdSize = 1L << PmdShift;
    public const int PtrsPerTable = 512;
    private const int PudShift = 30;
    private const int PgdShift = 39;

    private readonly PmdTable?[]?[] _pgd = new PmdTable?[]?[PtrsPerTable];

    // The last PMD table found: faults on neighbouring pages ask for the same one. PMD tables are
    // never freed, so the cache never goes stale.
    private long _cachedPud = -1;
    private PmdTable? _cachedTable;

    /// <summary>Number of PTE tables allocated (pgtable bytes / 4K).</summary>
    public int PteTables { get; private set; }

    public PageTable Clone()
    {
        var copy = new PageTable { PteTables = PteTables };
        for (var g = 0; g < PtrsPerTable; g++)
        {
            var pud = _pgd[g];
            if (pud is null)
            {
                continue;
            }
            var pudCopy = new PmdTable?[PtrsPerTable];
            for (var u = 0; u < PtrsPerTable; u++)
            {
                pudCopy[u] = pud[u]?.Clone();
            }
            copy._pgd[g] = pudCopy;
        }
        return copy;
    }

    /// <summary>The PMD table covering <paramref name="address"/>, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PmdTable? FindPmdTable(long address)
    {
        var key = address >> PudShift;
        if (key == _cachedPud)
        {
            return _cachedTable;
        }
        var pud = _pgd[(int)(address >> PgdShift) & (PtrsPerTable - 1)];
        var table = pud?[(int)(address >> PudShift) & (PtrsPerTable - 1)];
        if (table is not null)
        {
            _cachedPud = key;
            _cachedTable = table;
        }
        return table;
    }

    /// <summary>
    /// walk_page_range's skipping of empty levels: the first address at or after
    /// <paramref name="address"/> and below <paramref name="end"/> whose PMD entry is not none, or
    /// <paramref name="end"/>. Holes cost one step per missing PUD or PMD, never one per page.
    /// </summary>
    public long NextPopulated(long address, long end)
    {
        while (address < end)
        {
            if (_pgd[(int)(address >> PgdShift) & (PtrsPerTable - 1)] is null)
            {
                address = (address | ((1L << PgdShift) - 1)) + 1;
                continue;
            }
            if (FindPmdTable(address) is not { } table)
            {
                address = (address | ((1L << PudShift) - 1)) + 1;
                continue;
            }
            if (table.Pmd[PmdIndex(address)] != 0)
            {
                return address;
            }
            address = (address | (PmdSize - 1)) + 1;
        }
        return end;
    }

    /// <summary>The PMD table covering <paramref name="address"/>, allocated if needed.</summary>
    public PmdTable GetPmdTable(long address)
    {
        if (address >> PudShift == _cachedPud)
        {
            return _cachedTable!;
        }
        var g = (int)(address >> PgdShift) & (PtrsPerTable - 1);
        var pud = _pgd[g] ??= new PmdTable?[PtrsPerTable];
        var u = (int)(address >> PudShift) & (PtrsPerTable - 1);
        return pud[u] ??= new PmdTable();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PmdIndex(long address) => (int)(address >> PmdShift) & (PtrsPerTable - 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PteIndex(long address) => (int)(address >> PageShift) & (PtrsPerTable - 1);

    /// <summary>The PMD entry at <paramref name="address"/> (none if no table).</summary>
    public Pte GetPmd(long address) => FindPmdTable(address) is { } t ? new Pte(t.Pmd[PmdIndex(address)]) : Pte.None;

    /// <summary>The PTE at <paramref name="address"/> (none if no PTE table).</summary>
    public Pte GetPte(long address)
    {
        var table = FindPmdTable(address);
        var ptes = table?.Ptes[PmdIndex(address)];
        return ptes is null ? Pte.None : new Pte(ptes[PteIndex(address)]);
    }

    /// <summary>The PTE table at <paramref name="address"/>, allocated (pte_alloc) if the PMD is none.</summary>
    public ulong[] GetOrAllocPtes(long address)
    {
        var table = GetPmdTable(address);
        var i = PmdIndex(address);
        var ptes = table.Ptes[i];
        if (ptes is null)
        {
            ptes = new ulong[PtrsPerTable];
            table.Ptes[i] = ptes;
            table.Pmd[i] = Pte.Table;
            PteTables++;
        }
        return ptes;
    }

    /// <summary>Install a PTE table under a PMD (after a split), replacing the PMD entry.</summary>
    public void InstallPtes(long address, ulong[] ptes)
    {
        var table = GetPmdTable(address);
        var i = PmdIndex(address);
        if (table.Ptes[i] is null)
        {
            PteTables++;
        }
        table.Ptes[i] = ptes;
        table.Pmd[i] = Pte.Table;
    }

    /// <summary>Remove the PTE table under a PMD (free_pte_range), leaving the PMD none.</summary>
    public void FreePtes(long address)
    {
        var table = FindPmdTable(address);
        if (table is null)
        {
            return;
        }
        var i = PmdIndex(address);
        if (table.Ptes[i] is not null)
        {
            table.Ptes[i] = null;
            PteTables--;
        }
        table.Pmd[i] = 0;
    }

    /// <summary>Every allocated PMD table with the address it starts at, in address order.</summary>
    public IEnumerable<(long Base, PmdTable Table)> PmdTables()
    {
        for (var g = 0; g < PtrsPerTable; g++)
        {
            var pud = _pgd[g];
            if (pud is null)
            {
                continue;
            }
            for (var u = 0; u < PtrsPerTable; u++)
            {
                if (pud[u] is { } table)
                {
                    yield return (((long)g << PgdShift) | ((long)u << PudShift), table);
                }
            }
        }
    }
}

/// <summary>A PMD table: 512 PMD entries and, for those that point to one, the PTE table.</summary>
internal sealed class PmdTable
{
    public ulong[] Pmd { get; private init; } = new ulong[PageTable.PtrsPerTable];

    public ulong[]?[] Ptes { get; private init; } = new ulong[]?[PageTable.PtrsPerTable];

    public PmdTable Clone()
    {
        var ptes = new ulong[]?[PageTable.PtrsPerTable];
        for (var i = 0; i < ptes.Length; i++)
        {
            ptes[i] = (ulong[]?)Ptes[i]?.Clone();
        }
        return new PmdTable { Pmd = (ulong[])Pmd.Clone(), Ptes = ptes };
    }
}
