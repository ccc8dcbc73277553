from liferooms_tui.commands.main import main

raise SystemExit(main())
