from voucher_sim.cli import main

raise SystemExit(main())
