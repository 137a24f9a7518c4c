"""Command line: `python -m clause_library analyze FILE | catalogue | evaluate DIR`.

Exit codes: 0 success, 2 usage error (including a FILE or DIR that does not exist), 3 input that cannot be read
(the one-line reason goes to stderr, the same text as UnreadableDocument.reason).
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from clause_library.errors import UnreadableDocument
from clause_library.limits import DEFAULT_LIMITS, Limits

EXIT_UNREADABLE = 3
AGREEMENT_TYPES = ("baa", "dpa", "msa", "ai_addendum", "any")
EXCERPT_LENGTH = 90


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return args.command(parser, args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m clause_library", description="Read agreements for provisions.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    analyze = commands.add_parser("analyze", help="analyse one agreement (PDF, DOCX, text or Markdown)")
    analyze.add_argument("file", metavar="FILE")
    analyze.add_argument("--format", choices=("json", "text"), default="json")
    analyze.add_argument("--agreement-type", choices=AGREEMENT_TYPES, default="any")
    analyze.add_argument("--max-bytes", type=_positive, default=DEFAULT_LIMITS.max_bytes)
    analyze.add_argument("--max-pages", type=_positive, default=DEFAULT_LIMITS.max_pages)
    analyze.add_argument("--max-characters", type=_positive, default=DEFAULT_LIMITS.max_characters)
    analyze.set_defaults(command=_analyze)
    catalogue = commands.add_parser("catalogue", help="print the provision catalogue as JSON")
    catalogue.set_defaults(command=_catalogue)
    evaluate = commands.add_parser("evaluate", help="score the engine against a directory of labelled agreements")
    evaluate.add_argument("directory", metavar="DIR")
    evaluate.add_argument("--format", choices=("json", "text"), default="text")
    evaluate.set_defaults(command=_evaluate)
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not {value}")
    return number


def _analyze(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        parser.error(f"{args.file}: no such file")
    # Imported here so that `catalogue` and `--help` do not load spaCy.
    from clause_library.analysis import analyze

    limits = Limits(
        max_bytes=args.max_bytes,
        max_pages=args.max_pages,
        max_docx_uncompressed=DEFAULT_LIMITS.max_docx_uncompressed,
        max_characters=args.max_characters,
    )
    try:
        result = analyze(path, agreement_type=args.agreement_type, limits=limits)
    except UnreadableDocument as error:
        print(error.reason, file=sys.stderr)
        return EXIT_UNREADABLE
    print(_json(result.to_dict()) if args.format == "json" else format_table(result.to_dict(), name=args.file))
    return 0


def _catalogue(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from clause_library.catalogue import load_catalogue

    print(_json(load_catalogue().to_dict()))
    return 0


def _evaluate(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    if not directory.is_dir():
        parser.error(f"{args.directory}: no such directory")
    from clause_library.evaluation import evaluate

    report = evaluate(directory)
    print(_json(report.to_dict()) if args.format == "json" else report.format_text())
    return 0


def _json(data: Any) -> str:
    return json.dumps(data, indent=2)


def format_table(result: dict[str, Any], *, name: str) -> str:
    """The result as a person reads it: one row per provision with its status, page and evidence excerpt."""
    document = result["document"]
    lines = [
        f"{name}: {document['media_type']}, {document['pages']} page(s), {document['characters']:,} characters",
        *(f"warning: {warning}" for warning in document["warnings"]),
        "",
        f"{'PROVISION':<33} {'STATUS':<9} {'PAGE':>4}  EVIDENCE",
    ]
    for finding in result["findings"]:
        evidence = finding["evidence"][0] if finding["evidence"] else None
        page = str(evidence["page"]) if evidence else "-"
        lines.append(f"{finding['provision_id']:<33} {finding['status']:<9} {page:>4}  {_excerpt(evidence)}")
    return "\n".join(lines)


def _excerpt(evidence: dict[str, Any] | None) -> str:
    if evidence is None:
        return ""
    text = " ".join(evidence["text"].split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"
