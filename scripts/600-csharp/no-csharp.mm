# args: --no-csharp
# exit: 1
# --no-csharp (or MMDSL_NO_CSHARP=1) refuses every snippet: for scripts from elsewhere.
proc A
cs { Run("exit A"); }
