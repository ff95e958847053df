# exit: 1
# A compile error names the place in this file and the compiler's message.
proc A
mmap buf 4K
cs {
    var pages = Proc("A").Vmas.Count;
    long first = Proc("A").Vmas[0].Start
    Print(pages);
}
