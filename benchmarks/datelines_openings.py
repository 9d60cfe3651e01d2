"""How the importers read the openings of real news texts: PolNeAR's 1,012 articles (Breitbart, New York
Times, Politico, Huffington Post, Washington Post, ...; headline first, as journalists save them).

Each file is named ``outlet_YYYY-MM-DD_slug.txt``, which gives the publication date to check against. The
script counts what ``read_opening`` takes from each opening (title, date, outlet, author) and every date
that disagrees with the file's date by more than three days (a misread: the figure to keep at zero).

Data: ``fetch`` github:networkdynamics/PolNeAR (a bare git directory); set POLNEAR_GIT to its path or
leave it at /work/.mirror/networkdynamics+PolNeAR/repo. Nothing from it is copied into the project.
Run: ``python benchmarks/datelines_openings.py``
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import date

from workbench.importers import import_bytes
from workbench.importers.datelines import guess_title, read_opening

GIT = os.environ.get("POLNEAR_GIT", "/work/.mirror/networkdynamics+PolNeAR/repo")


def main() -> int:
    if not os.path.isdir(GIT):
        print(f"PolNeAR not found at {GIT}: fetch github:networkdynamics/PolNeAR and set POLNEAR_GIT.")
        return 1
    names = [n for n in subprocess.run(["git", "--git-dir", GIT, "ls-tree", "-r", "--name-only", "HEAD"],
                                       capture_output=True, text=True, check=True).stdout.split()
             if "/text/" in n and n.endswith(".txt")]
    counts: Counter[str] = Counter()
    wrong: list[str] = []
    for name in names:
        data = subprocess.run(["git", "--git-dir", GIT, "show", f"HEAD:{name}"], capture_output=True,
                              check=True).stdout
        stem = name.rsplit("/", 1)[1]
        outlet, day = stem.split("_")[:2]
        text = data.decode("utf-8", errors="replace")
        opening = read_opening(text.strip())
        article = import_bytes(data, stem)
        first = text.strip().split("\n", 1)[0].strip()
        counts["articles"] += 1
        counts["title = first line"] += article.title == first
        # Baseline, measured in the same run: the importers before openings were read titled every text by
        # its first sentence (guess_title) and read only a wire header on the very first line.
        counts["baseline: title = first line"] += guess_title(text.strip()) == first
        counts["opening title"] += bool(opening.title)
        counts["date read"] += bool(opening.published)
        counts["partial date"] += bool(opening.undated)
        counts["partial date = file's month-day"] += bool(opening.undated) and opening.undated[2:] == day[5:]
        counts["outlet read"] += bool(opening.outlet)
        counts["author read"] += bool(opening.author)
        counts["dateline found"] += opening.dateline_at >= 0
        if opening.published and len(opening.published) == 10:
            off = abs((date.fromisoformat(opening.published) - date.fromisoformat(day)).days)
            if off > 3:
                wrong.append(f"{stem}: read {opening.published}")
        elif opening.published:
            wrong.append(f"{stem}: month only {opening.published}") if opening.published != day[:7] else None
        del outlet
    for key, value in counts.items():
        print(f"{key:>32}: {value}")
    print(f"{'dates off > 3 days':>32}: {len(wrong)}")
    for line in wrong[:20]:
        print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
