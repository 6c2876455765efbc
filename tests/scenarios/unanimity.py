"""Near-unanimity scan (issue 17): every shipped scenario's reference packages polled for every constituency.

No survey of these publics has found 95 per cent for a peace package, so a simulated constituency that gives one
near-unanimous support (or near-zero) is a defect unless a cited survey shows it. :func:`extremes` lists every
constituency and package outside the given band; the scenario may declare cited exceptions
(:data:`EXCEPTIONS`, each with its source). Run it as a report:

    python -m tests.scenarios.unanimity                 # every shipped scenario, flag > 90 % or < 2 %
    python -m tests.scenarios.unanimity jerusalem --high 95 --low 1

The figures are the model's own shares (seed 0, the scenario's date, as ``negotiator poll -s S -p P`` prints them).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from negotiator.engine.opinion import PublicOpinion
from negotiator.model.package import reference_package
from negotiator.model.registry import get_scenario, shipped_scenarios


@dataclass(frozen=True)
class Extreme:
    """One constituency's figure outside the band on one reference package."""

    scenario: str
    package: str
    constituency: str
    support: float
    oppose: float

    def line(self) -> str:
        return (
            f"{self.scenario:20} {self.package:28} {self.constituency:22} "
            f"support {self.support:5.1f}  oppose {self.oppose:5.1f}"
        )


_PSR_2020 = (
    "PSR poll 75, 5-8 February 2020 (pcpsr.org/en/node/799; Times of Israel 2020-02-11): 94 per cent of "
    "Palestinians against the US plan and 4 per cent for it, 95 per cent against its Jerusalem part alone; the model "
    "gives 1.2 per cent for it among all Palestinians, 0.5 in the West Bank and in Gaza"
)
EXCEPTIONS: dict[tuple[str, str, str], str] = {
    ("jerusalem", "peace-to-prosperity-2020", "west_bank"): _PSR_2020,
    ("jerusalem", "peace-to-prosperity-2020", "gaza"): _PSR_2020,
}
"""(scenario, package, constituency) -> the cited survey that found near-unanimity on that package.

A constituency may poll above 95 per cent (or below 1) on a reference package only where a survey found
near-unanimity on it; each entry names the survey and says how far the model's figure is from it."""


def extremes(scenario_id: str, high: float = 90.0, low: float = 2.0, seed: int = 0) -> list[Extreme]:
    """Every (reference package, constituency) of ``scenario_id`` with support above ``high`` or below ``low``."""
    scenario = get_scenario(scenario_id)
    opinion = PublicOpinion.create(scenario, seed=seed)
    constituencies = {c.id for c in scenario.constituencies}
    out = []
    for package in scenario.packages:
        x = opinion.encode(reference_package(scenario, package.id))
        if (x == opinion.model.status_quo).all():
            continue  # no change: everyone undecided by construction, not a verdict
        poll = opinion.poll(reference_package(scenario, package.id))
        for cid in sorted(constituencies):
            line = poll[cid]
            if line.support > high or line.support < low:
                out.append(Extreme(scenario_id, package.id, cid, line.support, line.oppose))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenarios", nargs="*", help="scenario ids (default: every shipped scenario)")
    p.add_argument("--high", type=float, default=90.0, help="flag support above this (default 90)")
    p.add_argument("--low", type=float, default=2.0, help="flag support below this (default 2)")
    args = p.parse_args(argv)
    found = 0
    for sid in args.scenarios or shipped_scenarios():
        for e in extremes(sid, args.high, args.low):
            source = EXCEPTIONS.get((sid, e.package, e.constituency))
            note = f"  [declared: {source}]" if source else ""
            print(e.line() + note)
            found += 1
    print(f"{found} figures outside {args.low:g}-{args.high:g} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
