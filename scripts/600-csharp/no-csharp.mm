# args: --no-csharp
# exit: 1
# --no-csharp (or MMDSL_NO_CSHARP=1) refuses every snippet: for scripts from elsewhere.
proc A
cs { Run("exit A"); }

# Here rather than at the top, where it would move the lines the output cites:
# host: skip C# snippets observe the simulator's engine through its API; the host has no such API
