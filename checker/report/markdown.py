"""The Markdown report, for people: findings first, each with both sentences and what differs."""

from __future__ import annotations

from checker.judge import Finding
from checker.report import Report
from checker.report.json_report import claim_ref

STATUS_TITLES = {
    "contradiction": "Contradictions",
    "sources-disagree": "Sources disagree",
    "update": "Updates over time",
    "explained": "Differences explained by the rest of the coverage",
}


def to_markdown(report: Report) -> str:
    lines = ["# checker report", ""]
    lines.append(
        f"{len(report.articles)} articles ({', '.join(a.source for a in report.articles)}), "
        f"{report.stats.claims} claims, **{len(report.contradictions)} contradiction(s)**, "
        f"{len(report.findings)} finding(s) in all."
    )
    for status, title in STATUS_TITLES.items():
        findings = [f for f in report.findings if f.status == status]
        if not findings:
            continue
        lines += ["", f"## {title}", ""]
        for number, finding in enumerate(findings, 1):
            lines += _finding(number, finding, report)
    single = report.single_source()
    if single:
        lines += ["", "## Reported by one outlet only", ""]
        for claim in single:
            lines.append(f"- *{report.article(claim.article_id).source}*: {_escape(claim.text)}")
    return "\n".join(lines) + "\n"


def _finding(number: int, finding: Finding, report: Report) -> list[str]:
    differs = "; ".join(f"{d.kind}: **{_escape(d.a)}** vs **{_escape(d.b)}**" for d in finding.differs)
    lines = [f"### {number}. {finding.kind} — score {finding.score:.2f}", ""]
    if differs:
        lines += [f"Differs: {differs}", ""]
    for label, claim in (("A", finding.a), ("B", finding.b)):
        ref = claim_ref(claim, report.article(claim.article_id))
        lines.append(f"- **{label}** {ref['source']} (line {ref['line']}): {_escape(claim.text)}")
    ab, ba = finding.nli["a_to_b"], finding.nli["b_to_a"]
    lines.append(
        f"- NLI contradiction A→B {ab['contradiction']:.2f}, B→A {ba['contradiction']:.2f}; "
        f"similarity {finding.similarity:.2f}"
    )
    for claim in finding.context:
        lines.append(f"- Context, {report.article(claim.article_id).source}: {_escape(claim.text)}")
    if finding.note:
        lines.append(f"- Note: {finding.note}")
    lines.append("")
    return lines


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("\n", " ")
