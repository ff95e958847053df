# exit: 1
# An exception in a snippet prints its type, its message and the snippet line that threw,
# here inside a helper defined in an earlier snippet.
proc A
mmap buf 4K
cs {
    long RefCountOf(string process) =>
        Proc(process).RefCount(Var("buf"));
}
write A buf
cs { RefCountOf("A") }
cs {
    var total = 0L;
    total += RefCountOf("B");
}

# Here rather than at the top, where it would move the lines the output cites:
# host: skip C# snippets observe the simulator's engine through its API; the host has no such API
