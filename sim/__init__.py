"""The chain simulator (issue 17): head office and edge agents as real processes driven through a
trading period with faults (kills, a TCP fault proxy, database restarts, full disks, wrong clocks),
then a checker that compares every ledger with the ground truth the simulator kept."""
