#!/usr/bin/env python3
"""Writes the commune-level procedures of tools/procedures-2026.json into the embedded catalog (version 2026.3).

Source of tools/procedures-2026.json: the national public-service portal's procedure records (dichvucong.gov.vn)
as dumped on 2026-07-18 in the public repository hdtruong802/Vietnam-AI-Innovation-Challenge-2026
(data/Data_DVC/<code>.txt), cross-checked against a June 2026 crawl (chatbot-tthc/chatbot_tthc); five entries from
provincial portals. Only records whose level is the commune (Cấp Xã), from national decisions, with a processing
time and a fee the record states. Each entry keeps its source; English names are the project's translations.
Every entry's level is the commune's; the groups exempt from the fee are read from the record's fee text
("Miễn lệ phí cho A; B; C"), which stays beside them as written.

The eight procedures of shared/domain.md's sample keep the names, times, fees and checklists given there (its
worked examples are tests); they gain their field, result, legal basis and source from the file.

    python3 tools/catalog-procedures.py
"""
import importlib.util
import json
import pathlib
import re
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOG = ROOT / "Sources/FieldCaseDomain/Resources/catalog.json"
PROCEDURES = ROOT / "tools/procedures-2026.json"
# Records whose fee the portal leaves unstated: never listed on their own (the desk would show a fee it does not
# know), only read to enrich a sample procedure.
UNSTATED = ROOT / "tools/procedures-2026-fee-unstated.json"
VERSION = "2026.4"
ENRICHED = ("field_vi", "field_en", "result_vi", "result_en", "legal_basis", "source")
SAMPLE = ("1.001193", "1.000894", "1.000656", "1.004859", "2.000815", "1.004873", "1.004222", "1.003677")


def units_tool():
    """tools/catalog-units.py, whose layout (one line per commune) the catalog keeps."""
    spec = importlib.util.spec_from_file_location("catalog_units", ROOT / "tools/catalog-units.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def clean(value):
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items()}
    return value


def exemptions(note):
    """The groups a fee text exempts ("Miễn lệ phí cho A; B; C." or "Miễn lệ phí đối với A, B; C"), or none."""
    found = re.search(r"Miễn lệ phí (?:cho|đối với) ([^.]*)", note or "")
    if not found:
        return []
    groups = []
    for part in found.group(1).split(";"):
        # "trường hợp đăng ký khai tử đúng hạn, người thuộc gia đình có công": a case, then a group.
        groups += [group.strip() for group in part.split(", người") if group.strip()]
    return [group if index == 0 or group.startswith("người") or group.startswith("trường hợp") else "người " + group
            for index, group in enumerate(groups)]


def leveled(entry):
    """The entry with its level and, where its fee text names them, the groups exempt from the fee."""
    entry = dict(entry)
    entry["level"] = "commune"
    groups = exemptions(entry.get("fee_note"))
    if groups:
        entry["fee_exemptions"] = groups
    return entry


def sample_entry(entry, published):
    """A sample procedure as domain.md gives it, its fee as a rule, enriched from the published record."""
    fee = entry.get("fee")
    entry = dict(entry)
    if not isinstance(fee, dict):
        entry["fee"] = (
            {"kind": "province"} if fee is None else {"kind": "none"} if fee == 0 else {"kind": "fixed", "amount": fee})
    if entry["code"] == "2.000815" and published:
        entry["fee"] = published["fee"]
    for key in ENRICHED:
        if published and key in published:
            entry[key] = published[key]
    if published and exemptions(published.get("fee_note")):
        entry["fee_exemptions"] = exemptions(published.get("fee_note"))
    return entry


def main():
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    published = {entry["code"]: clean(entry) for entry in json.loads(PROCEDURES.read_text(encoding="utf-8"))}
    unstated = {entry["code"]: clean(entry) for entry in json.loads(UNSTATED.read_text(encoding="utf-8"))}
    current = {entry["code"]: entry for entry in catalog["procedures"]}
    procedures = [leveled(sample_entry(current[code], published.get(code) or unstated.get(code))) for code in SAMPLE]
    procedures += [leveled(entry) for code, entry in sorted(published.items()) if code not in SAMPLE]
    catalog["version"] = VERSION
    catalog["note"] = (
        "Communes: the 34 provinces and 3,321 units of July 2025 (tools/catalog-units.py, from vietnam-provinces "
        "2025.10.1). Procedures: %d of the commune level, from the national portal's records of 2026 "
        "(tools/catalog-procedures.py; each with its source). Calendar: 2025 and 2026 as published "
        "(calendar.sources); other years follow the Labor Code until the province publishes them. Satisfaction: the criteria of Decree "
        "61/2018 for assessing how a dossier was handled, as a sample; each province sets its own." % len(procedures))
    catalog["procedures"] = procedures
    CATALOG.write_text(units_tool().render(catalog), encoding="utf-8")
    print(f"{len(procedures)} procedures, catalog {VERSION}")


if __name__ == "__main__":
    main()
