# exit: 1
# A compile error names the place in this file and the compiler's message.
proc A
mmap buf 4K
cs {
    var pages = Proc("A").Vmas.Count;
    long first = Proc("A").Vmas[0].Start
    Print(pages);
}

# Here rather than at the top, where it would move the lines the output cites:
# host: skip C# snippets observe the simulator's engine through its API; the host has no such API
