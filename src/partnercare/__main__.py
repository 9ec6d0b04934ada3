from partnercare.cli import main

main()
