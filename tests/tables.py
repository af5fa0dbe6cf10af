"""Realistic CSV files, written by seeded code (nothing is downloaded): the kinds of
table a learner brings. Each returns the file's bytes. The labels follow simple rules
from the other columns, so a prepared table is learnable and an unprepared one is not."""

from __future__ import annotations

import gzip
import io
import zipfile

import numpy as np


def passengers(n: int = 400, seed: int = 0) -> bytes:
    """Names with commas (quoted), sex, ages with gaps, ticket codes, mostly-empty cabins,
    a port with gaps, and Survived (second column) driven mostly by sex and class."""
    rng = np.random.default_rng(seed)
    lines = ["PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Ticket,Fare,Cabin,Embarked"]
    for i in range(n):
        sex = rng.choice(["male", "female"])
        pclass = int(rng.integers(1, 4))
        survived = int(rng.random() < (0.9 if sex == "female" else 0.15) - 0.1 * (pclass - 2))
        age = "" if rng.random() < 0.2 else str(int(rng.integers(1, 80)))
        cabin = f"C{rng.integers(1, 150)}" if rng.random() < 0.25 else ""
        port = "" if rng.random() < 0.05 else str(rng.choice(["S", "C", "Q"]))
        title = "Mrs." if sex == "female" else "Mr."
        lines.append(f'{i + 1},{survived},{pclass},"Smyth{i}, {title} Julia {i}",{sex},{age},'
                     f'{rng.integers(0, 4)},A/5 {rng.integers(1000, 99999)},{rng.random() * 80 / pclass:.4f},'
                     f'{cabin},{port}')
    return ("\n".join(lines) + "\n").encode()


CAR_LEVELS = [["vhigh", "high", "med", "low"], ["vhigh", "high", "med", "low"], ["2", "3", "4", "5more"],
              ["2", "4", "more"], ["small", "med", "big"], ["low", "med", "high"]]


def cars(n: int = 600, seed: int = 1) -> bytes:
    """All categorical, no header: buying, maint, doors, persons, lug_boot, safety, class."""
    rng = np.random.default_rng(seed)
    lines = []
    for _ in range(n):
        row = [str(rng.choice(levels)) for levels in CAR_LEVELS]
        score = ["low", "med", "high"].index(row[5]) + (row[3] != "2") * 2 - (row[0] == "vhigh")
        label = "unacc" if row[3] == "2" or row[5] == "low" else ["unacc", "acc", "good", "vgood"][min(3, score - 1)]
        lines.append(",".join([*row, label]))
    return ("\n".join(lines) + "\n").encode()


def medical(n: int = 300, seed: int = 2) -> bytes:
    """A pandas dump: an unnamed row index first, NA cells, a name and free-text notes."""
    rng = np.random.default_rng(seed)
    lines = [",patient,Glucose,BloodPressure,BMI,Age,smoker,notes,Outcome"]
    for i in range(n):
        glucose = rng.normal(120, 30)
        bmi = rng.normal(32, 6)
        outcome = int(glucose + 2 * bmi + rng.normal(0, 15) > 190)
        cells = [str(i), f"Patient {i} {rng.integers(1000, 9999)}",
                 "NA" if rng.random() < 0.1 else f"{glucose:.0f}",
                 "NA" if rng.random() < 0.3 else f"{rng.normal(70, 12):.0f}",
                 "?" if rng.random() < 0.05 else f"{bmi:.1f}",
                 str(int(rng.integers(21, 81))), str(rng.choice(["yes", "no", "NA"])),
                 f"seen on day {rng.integers(1, 365)} by dr {rng.choice(['Ng', 'Ito', 'Roe'])} for a check",
                 str(outcome)]
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def european(n: int = 200, seed: int = 3) -> bytes:
    """Semicolons, decimal commas, a BOM and CRLF line ends (a spreadsheet's export)."""
    rng = np.random.default_rng(seed)
    lines = ["Pregnancies;Glucose;BMI;DiabetesPedigree;Outcome"]
    for _ in range(n):
        glucose, bmi = rng.normal(120, 30), rng.normal(32, 6)
        outcome = int(glucose / 30 + bmi / 6 + rng.normal(0, 1) > 9.3)
        lines.append(f"{rng.integers(0, 10)};{glucose:.0f};{bmi:.1f};{rng.random():.3f}".replace(".", ",")
                     + f";{outcome}")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def prices(n: int = 200, seed: int = 4, label_name: str = "Survived") -> bytes:
    """Numbers only, the last column a price: a label that looks continuous."""
    rng = np.random.default_rng(seed)
    lines = [f"Pclass,Age,SibSp,{label_name},Fare"]
    fares = [7.225, 7.25, 7.8542, 8.05, 13.0, 26.0, 30.5, 52.0, 71.2833, 512.3292, 7.75, 9.5, 14.4542, 15.5, 21.075]
    for _ in range(n):
        pclass = int(rng.integers(1, 4))
        lines.append(f"{pclass},{rng.integers(1, 80)},{rng.integers(0, 4)},{int(rng.random() < 0.6 - 0.15 * pclass)},"
                     f"{rng.choice(fares)}")
    return ("\n".join(lines) + "\n").encode()


def mnist_like(n: int = 10_000, seed: int = 5) -> bytes:
    """MNIST's CSV layout (label, then 784 pixels 0..255, a header), seeded: each digit
    lights its own patch of a 28 x 28 image, with noise; border pixels stay 0."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, size=n)
    pixels = np.zeros((n, 28, 28), dtype=np.int64)
    for d in range(10):
        rows = labels == d
        r, c = 4 + 2 * (d // 5) * 5, 4 + 4 * (d % 5)
        pixels[rows, r:r + 8, c:c + 6] = rng.integers(120, 256, size=(rows.sum(), 8, 6))
    noise = rng.random((n, 28, 28)) < 0.05
    pixels[:, 2:26, 2:26][noise[:, 2:26, 2:26]] = rng.integers(0, 256, size=noise[:, 2:26, 2:26].sum())
    table = np.column_stack([labels, pixels.reshape(n, -1)])
    header = "label," + ",".join(f"pixel{k}" for k in range(784))
    body = "\n".join(",".join(map(str, row)) for row in table.tolist())
    return (header + "\n" + body + "\n").encode()


def zipped(data: bytes, name: str = "data.csv") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
