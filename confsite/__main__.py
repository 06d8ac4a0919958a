from confsite.cli import main

main()
