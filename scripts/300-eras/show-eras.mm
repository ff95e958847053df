# The eras, the version each column of --kernel all runs, the commits that opened them, and every
# fact that changes between kernels with its version and commit (mmdsl eras prints the same).
# host: skip show eras lists the model's eras and facts: there is nothing of the machine to compare
kernel 5.10
show eras
