"""Staff accounts for the console, from the command line (the only way to create one):

    .venv/bin/python -m console add-user ana --role editor     (asks for the password twice)
    .venv/bin/python -m console add-user ben --role advisor --password-stdin < file
    .venv/bin/python -m console list-users
    .venv/bin/python -m console remove-user ben

It writes the database the servers use: HANDOFF_DB (SQLite) in the embedded
profile, PostgreSQL with ASSISTANT_PROFILE=production and the POSTGRES_* settings.
"""
import argparse
import getpass
import sys

from console.accounts import MIN_PASSWORD_CHARS, ROLES, AccountError, Accounts


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password (at least {MIN_PASSWORD_CHARS} characters): ")
    if getpass.getpass("Again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console", description="Staff accounts of the console.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-user", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True,
                     help="advisor: queue and conversations; editor: also knowledge")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first input line")
    commands.add_parser("list-users", help="list the accounts")
    remove = commands.add_parser("remove-user", help="delete an account and end its sessions")
    remove.add_argument("name")
    args = parser.parse_args(argv)

    accounts = Accounts()
    try:
        if args.command == "add-user":
            accounts.create(args.name, args.role, read_password(args.password_stdin))
            print(f"created {args.role} {args.name!r}")
        elif args.command == "list-users":
            for account in accounts.list():
                print(f"{account['name']}\t{account['role']}\t{account['created_at']:%Y-%m-%d}")
        elif not accounts.remove(args.name):
            print(f"no account named {args.name!r}", file=sys.stderr)
            return 1
        else:
            print(f"removed {args.name!r}")
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
