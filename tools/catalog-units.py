#!/usr/bin/env python3
"""Writes the country's 34 provinces and 3,321 communes, wards and special zones into the embedded catalog.

Source: the statistics office's unit list (July 2025), as republished in the PyPI package vietnam-provinces
2025.10.1 (MIT), whose data/nested-divisions.json holds each province with its units as integers: codes are
padded to 2 and 5 digits, "Thành phố " is dropped from province names as the catalog writes them. Only the
catalog's "communes" (and its version) change; procedures, calendar and birth provinces stay as they are.

    python3 tools/catalog-units.py                       # downloads the package with pip
    python3 tools/catalog-units.py nested-divisions.json  # or reads a copy of its data file
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "vietnam-provinces==2025.10.1"
CATALOG = pathlib.Path(__file__).resolve().parent.parent / "Sources/FieldCaseDomain/Resources/catalog.json"
EXPECTED_PROVINCES, EXPECTED_UNITS = 34, 3321


def divisions(argument):
    if argument:
        return json.loads(pathlib.Path(argument).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", PACKAGE, "--no-deps", "-q", "-d", folder], check=True)
        wheel = next(pathlib.Path(folder).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            return json.loads(archive.read("vietnam_provinces/data/nested-divisions.json").decode("utf-8"))


def province_name(name):
    return name.removeprefix("Thành phố ").removeprefix("Tỉnh ")


def render(catalog):
    """The catalog as the repo keeps it: one line per commune, the rest as json.dumps lays it out."""
    lines = ["{"]
    for index, (key, value) in enumerate(catalog.items()):
        last = index == len(catalog) - 1
        if key == "communes":
            items = [json.dumps(commune, ensure_ascii=False) for commune in value]
            body = ",\n".join(f"    {item}" for item in items)
            lines.append(f'  "communes": [\n{body}\n  ]' + ("" if last else ","))
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            lines.append(f"  {json.dumps(key)}: {text}" + ("" if last else ","))
    return "\n".join(lines) + "\n}\n"


def main():
    provinces = divisions(sys.argv[1] if len(sys.argv) > 1 else None)
    communes = sorted(
        (
            {
                "code": f"{unit['code']:05d}",
                "name": unit["name"],
                "province_code": f"{province['code']:02d}",
                "province_name": province_name(province["name"]),
            }
            for province in provinces
            for unit in province["wards"]
        ),
        key=lambda commune: commune["code"],
    )
    codes = [commune["code"] for commune in communes]
    if len(provinces) != EXPECTED_PROVINCES or len(codes) != EXPECTED_UNITS or len(set(codes)) != len(codes):
        sys.exit(f"unexpected unit list: {len(provinces)} provinces, {len(codes)} units, {len(set(codes))} codes")
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    catalog["communes"] = communes
    catalog["version"] = "2025.2"
    catalog["note"] = (
        "Communes: the 34 provinces and 3,321 units of July 2025 (tools/catalog-units.py, from vietnam-provinces "
        "2025.10.1). Procedures: a sample of the national catalog."
    )
    CATALOG.write_text(render(catalog), encoding="utf-8")
    print(f"{CATALOG}: {len(provinces)} provinces, {len(communes)} communes")


if __name__ == "__main__":
    main()
