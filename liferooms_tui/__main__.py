from liferooms_tui.cli import main

raise SystemExit(main())
