from checker.cli.app import main

main()
