"""The ``pos-profile`` command line: argument parsing and the sub-commands. No business logic.

``lookup``, ``redeem``, ``credentials`` and ``sandbox`` never load Qt; the window is imported
lazily. Errors print one line on stderr and exit with the code of the README's contract:
0 found, 2 invalid input, 3 not found, 4 several matches, 5 not configured / key refused,
6 offline or timed out, 7 server error or unreadable response (``redeem``: see
:mod:`pos_profile.redeem_command`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pos_profile

if TYPE_CHECKING:
    from pos_profile import errors
    from pos_profile.settings import Settings

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_INTERRUPTED = 130
LOOKUP_KINDS = (
    "auto",
    "contactId",
    "email",
    "mobilePhone",
    "socialSecurityNumber",
    "customKey",
    "any",
)


# --------------------------------------------------------------------------- parser


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _log_level(text: str) -> str:
    level = text.strip().upper()
    if level not in LOG_LEVELS:
        raise argparse.ArgumentTypeError(f"must be one of {', '.join(LOG_LEVELS)}")
    return level


def _common_options(*, defaults: bool) -> argparse.ArgumentParser:
    """``--config`` and ``--log-level``, accepted before and after every sub-command.

    The sub-command parsers get them with ``SUPPRESS`` defaults: argparse would otherwise
    overwrite a value given before the sub-command with the sub-parser's default (None).
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        default=None if defaults else argparse.SUPPRESS,
        help="config file (default: $POS_PROFILE_CONFIG or the user config dir)",
    )
    common.add_argument(
        "--log-level",
        type=_log_level,
        metavar="LEVEL",
        default=None if defaults else argparse.SUPPRESS,
        help="DEBUG, INFO (default), WARNING or ERROR",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(defaults=False)
    parser = argparse.ArgumentParser(
        prog="pos-profile",
        description="Scan a loyalty card or search a customer; see their Voyado Engage profile.",
        parents=[_common_options(defaults=True)],
    )
    parser.add_argument(
        "--version", action="version", version=f"pos-profile {pos_profile.__version__}"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run the window against a built-in sandbox with demo contacts",
    )
    parser.add_argument(
        "--scanner-test",
        action="store_true",
        help="open the scanner diagnostics window (key timings, decisions)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check resources, keyring and one sandbox lookup, then exit",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="save a PNG of the window (with --quit-after)",
    )
    parser.add_argument(
        "--quit-after", type=float, metavar="S", help="quit after S seconds (headless checks)"
    )

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    lookup = commands.add_parser(
        "lookup", parents=[common], help="look up one customer and print the profile"
    )
    lookup.add_argument(
        "value", metavar="VALUE", help="member number, e-mail, phone, personal number or contact id"
    )
    lookup.add_argument(
        "--by",
        choices=LOOKUP_KINDS,
        default="auto",
        metavar="KIND",
        help=f"what VALUE is: {', '.join(LOOKUP_KINDS)} (default: auto)",
    )
    lookup.add_argument(
        "--contact-type", metavar="T", help="Engage contact type (default: [engage] contact_type)"
    )
    lookup.add_argument("--json", action="store_true", help="print the profile as JSON")

    redeem = commands.add_parser(
        "redeem",
        parents=[common],
        help="redeem a voucher or a promotion in Engage (needs [redeem] enabled = true)",
    )
    redeem.add_argument("kind", choices=("voucher", "promotion"), help="what to redeem")
    redeem.add_argument(
        "item_id",
        metavar="ID",
        help="the voucher's id, or the promotion's own id (never its promotionId)",
    )
    redeem.add_argument(
        "--contact-id", required=True, metavar="ID", help="the customer's Engage contact id"
    )
    redeem.add_argument(
        "--undo", action="store_true", help="reactivate the voucher (undo its redemption)"
    )

    credentials = commands.add_parser(
        "credentials", parents=[common], help="the Engage API key in the OS keyring"
    )
    credentials.add_argument(
        "action",
        choices=("set", "clear", "status"),
        help="set (reads stdin when it is not a terminal), clear, status",
    )

    sandbox = commands.add_parser(
        "sandbox", parents=[common], help="run the Engage sandbox (demo contacts) on loopback"
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any)")
    sandbox.add_argument(
        "--latency-ms", type=float, default=0.0, metavar="N", help="delay every answer by N ms"
    )
    sandbox.add_argument(
        "--api-key",
        default=None,
        metavar="K",
        help="key the sandbox accepts (default: the demo key)",
    )
    sandbox.add_argument(
        "--rate-limit",
        type=_at_least_one,
        default=None,
        metavar="N",
        help="answer 429 with Retry-After above N requests/s per API key, like Engage "
        "(default: no limit)",
    )
    sandbox.add_argument(
        "--rate-burst",
        type=_at_least_one,
        default=None,
        metavar="B",
        help="requests per key that may come at once under --rate-limit (default: N)",
    )
    return parser


def _at_least_one(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 1.0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


# --------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "lookup":
            return run_lookup(args)
        if args.command == "redeem":
            return run_redeem(args)
        if args.command == "credentials":
            return run_credentials(args)
        if args.command == "sandbox":
            return run_sandbox(args)
        return run_gui(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `pos-profile ... | head`: the reader left; say nothing more
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        # The error classes load here, not with the module: not on the window's first-paint path.
        from pos_profile import errors

        if isinstance(exc, errors.PosProfileError):
            from pos_profile.admin_text import for_store_it

            _fail(for_store_it(exc))
            return exc.exit_code
        log.exception("unexpected error")
        _fail(f"unexpected error ({type(exc).__name__}); the log file has the details")
        return EXIT_UNEXPECTED


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's exit flush is quiet."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _fail(message: str, stream: TextIO | None = None) -> None:
    print(f"pos-profile: {message}", file=stream or sys.stderr)


def _setup_logging(args: argparse.Namespace, *, to_stderr: bool = False) -> None:
    from pos_profile import logs

    # never raises: an unwritable log dir sends warnings to stderr instead
    logs.setup_logging(level=args.log_level or "INFO", to_stderr=to_stderr)


def _load_settings(args: argparse.Namespace) -> Settings:
    from pos_profile.settings import load_settings

    return load_settings(args.config)


def _require_base_url(settings: Settings, config_path: Path | None) -> str:
    from pos_profile import errors

    if not settings.engage.base_url:
        from pos_profile.settings import user_settings_path

        where = settings.sources[-1] if settings.sources else user_settings_path(config_path)
        raise errors.ConfigurationError(
            f"No Engage address is configured. Set [engage] base_url in {where}."
        )
    return settings.engage.base_url


# --------------------------------------------------------------------------- lookup


def run_lookup(args: argparse.Namespace) -> int:
    from pos_profile import errors
    from pos_profile.credentials import CredentialStore
    from pos_profile.engage.client import EngageClient
    from pos_profile.engage.identifiers import classify_all, parse_as
    from pos_profile.engage.search import first_found

    _setup_logging(args)
    settings = _load_settings(args)
    region = settings.engage.phone_region
    lookups = (
        classify_all(args.value, default_region=region)
        if args.by == "auto"
        else (parse_as(args.by, args.value, default_region=region),)
    )
    base_url = _require_base_url(settings, args.config)
    api_key = CredentialStore(base_url).get()
    if not api_key:
        raise errors.ConfigurationError(
            f"No Engage API key is stored for {base_url}. "
            "Store one with `pos-profile credentials set`."
        )
    with EngageClient.from_settings(settings.engage, api_key) as client:
        found_by, overview = first_found(
            lambda lookup: client.contact_overview(lookup, args.contact_type), lookups
        )
        points = None
        points_error: str | None = None
        if overview.id:
            try:
                points = client.point_accounts(overview.id)
            except errors.EngageError as exc:
                points_error = exc.message
    from pos_profile import lookup_report

    if args.json:
        import json

        document = lookup_report.json_document(overview, points, points_error, found_by=found_by)
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(
            lookup_report.render_text(
                overview, points, points_error, settings=settings, found_by=found_by
            )
        )
    return EXIT_OK


# --------------------------------------------------------------------------- redeem


def run_redeem(args: argparse.Namespace) -> int:
    from pos_profile import errors, redeem_command
    from pos_profile.engage.client import EngageClient
    from pos_profile.redemption import RedeemKind

    if args.undo and args.kind != "voucher":
        raise errors.InvalidInputError("Only a voucher's redemption can be undone (--undo).")
    _setup_logging(args)
    settings = _load_settings(args)
    redeem_command.require_enabled(settings)
    base_url = _require_base_url(settings, args.config)
    api_key = _require_api_key(base_url)
    with EngageClient.from_settings(settings.engage, api_key) as client:
        return redeem_command.run(
            settings, client, RedeemKind(args.kind), args.item_id, args.contact_id, undo=args.undo
        )


def _require_api_key(base_url: str) -> str:
    from pos_profile import errors
    from pos_profile.credentials import CredentialStore

    api_key = CredentialStore(base_url).get()
    if not api_key:
        raise errors.ConfigurationError(
            f"No Engage API key is stored for {base_url}. "
            "Store one with `pos-profile credentials set`."
        )
    return api_key


# --------------------------------------------------------------------------- credentials


def run_credentials(args: argparse.Namespace) -> int:
    from pos_profile import errors
    from pos_profile.credentials import CredentialStore

    _setup_logging(args)
    settings = _load_settings(args)
    base_url = _require_base_url(settings, args.config)
    store = CredentialStore(base_url)
    if args.action == "status":
        print(f"backend:  {store.backend_name()}", flush=True)  # shown even if get() fails
        print(f"base_url: {base_url}", flush=True)
        stored = store.get() is not None
        print(f"api key:  {'stored' if stored else 'not stored'}")
        return EXIT_OK if stored else errors.ConfigurationError.exit_code
    if args.action == "clear":
        removed = store.delete()
        print("API key removed." if removed else "No API key was stored.")
        return EXIT_OK
    api_key = _read_api_key()
    store.set(api_key)
    print(f"API key stored in {store.backend_name()} for {base_url}.")
    return EXIT_OK


def _read_api_key() -> str:
    from pos_profile import errors

    if not sys.stdin.isatty():
        key = sys.stdin.read().strip()
    else:
        import getpass

        key = getpass.getpass("Engage API key: ").strip()
        if key and getpass.getpass("Again, to confirm: ").strip() != key:
            raise errors.InvalidInputError("The two keys differ. Nothing was stored.")
    if not key:
        raise errors.InvalidInputError("No API key given. Nothing was stored.")
    return key


# --------------------------------------------------------------------------- sandbox


def run_sandbox(args: argparse.Namespace) -> int:
    from pos_profile.sandbox.data import default_data_set
    from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer

    _setup_logging(args, to_stderr=True)
    _load_settings(args)  # a named config file that is missing or broken fails here too
    api_key = args.api_key or DEMO_API_KEY
    contact_types = [name.lower() for name in default_data_set().contact_types]
    rate_limit = None
    if args.rate_limit is not None:
        from pos_profile.sandbox.rate_limit import KeyRateLimit

        rate_limit = KeyRateLimit(args.rate_limit, args.rate_burst)
    server = SandboxServer(
        args.host, args.port, api_key=api_key, latency_ms=args.latency_ms, rate_limit=rate_limit
    )
    try:
        server.serve_forever(
            on_listening=lambda url: print(sandbox_banner(url, api_key, contact_types), flush=True)
        )
    except OSError as exc:
        _fail(f"cannot listen on {args.host}:{args.port} ({exc.strerror})")
        return EXIT_UNEXPECTED
    return EXIT_OK


def sandbox_banner(url: str, api_key: str, contact_types: Sequence[str]) -> str:
    """What store IT needs to point a till (or a training till) at the sandbox."""
    first = contact_types[0] if contact_types else "member"
    return "\n".join(
        (
            f"Engage sandbox listening on {url}  (Ctrl+C stops it)",
            f"  API key:       {api_key}",
            f"  contact types: {', '.join(contact_types)}",
            "  try:           7001234567, 2400004711205 or familjen.holm@example.com",
            "",
            "Config for a till (a TOML file, e.g. sandbox.toml):",
            "",
            "  [engage]",
            f'  base_url = "{url}"',
            f'  contact_type = "{first}"',
            "",
            "then store the key and look someone up:",
            "",
            f"  printf %s {api_key} | pos-profile --config sandbox.toml credentials set",
            "  pos-profile --config sandbox.toml lookup 7001234567",
        )
    )


# --------------------------------------------------------------------------- window


def run_gui(args: argparse.Namespace) -> int:
    """The window, ``--demo``, ``--self-test`` and ``--scanner-test``.

    A config file that is missing or broken fails each of them with its one-line error on
    stderr and exit 5. The cashier window still opens (it shows "Loyalty needs store IT", so
    the cashier knows whom to call) and exits 5 when it is closed; ``--demo``, the self-test
    and the scanner test stop at once, because they would run on settings nobody wrote (the
    window and ``--demo`` paint first: a file that parses as TOML is validated right after,
    see ``gui.launch``).
    """
    if not (args.self_test or args.scanner_test):
        from pos_profile.gui import launch  # paints first; logging and validation come after

        return launch.main(args)
    from pos_profile import errors, logs

    logs.setup_logging(level=args.log_level or "INFO")  # never raises (see logs)
    problem: errors.PosProfileError | None = None
    try:
        settings = _load_settings(args)
    except errors.PosProfileError as exc:
        problem = exc
        _fail(problem.message)
        if args.self_test:
            print(f"FAIL config: {problem.message}\nself-test FAILED: config", flush=True)
        return problem.exit_code

    if args.self_test:
        from pos_profile.gui.self_test import run_self_test

        return run_self_test(settings, demo=args.demo)
    from pos_profile.gui.scanner_diagnostics import run_scanner_test

    return run_scanner_test(settings.scanner)


if __name__ == "__main__":
    sys.exit(main())
