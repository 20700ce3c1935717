"""A strict model catalog: an operator's mistake in seeds/model_catalog.csv never publishes
a wrong bill. The file loads by header name, its key columns are trimmed, and a mistake
fails the run naming the file, the line and the fix, leaving the published marts as they were.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from conftest import adopt
from spend_log_fixtures import row

FILE = "seeds/model_catalog.csv"
COLUMNS = ["model_group", "model_id", "team_id", "is_byok", "valid_from", "valid_to", "provider", "notes"]

# Line 1 is the header, so the rule at index i is on line i + 2.
CATALOG = [
    {"model_group": "gpt-4o", "is_byok": "false", "provider": "openai", "notes": "operator's key"},
    {"model_group": "mistral-large", "is_byok": "true", "provider": "mistral"},
    {"model_group": "claude-sonnet-4", "is_byok": "false", "provider": "anthropic"},
    {"model_id": "dep-acme-claude", "is_byok": "true", "notes": "Acme's own deployment"},
    {"model_group": "gpt-4o", "team_id": "team-globex", "is_byok": "true", "valid_from": "2026-03-10",
     "notes": "Globex pays OpenAI directly since 2026-03-10"},
]

ROWS = [
    row("globex-before", "2026-03-09 12:00:00", 0.4, team_id="team-globex"),
    row("globex-first-day", "2026-03-10 00:00:00", 0.5, team_id="team-globex"),
    row("globex-later", "2026-03-12 08:00:00", 0.6, team_id="team-globex"),
    row("team-a-gpt", "2026-03-10 09:00:00", 0.1),
    row("team-a-mistral", "2026-03-11 09:00:00", 1.5, model_group="mistral-large", model="mistral/mistral-large"),
    row("acme-own-claude", "2026-03-11 10:00:00", 2.25, model_group="claude-sonnet-4", model_id="dep-acme-claude",
        team_id="team-acme"),
]

# Hand-added from ROWS and CATALOG, not computed by any code under test.
BYOK_SPEND = Decimal("4.85")       # globex-first-day, globex-later, team-a-mistral, acme-own-claude
BILLABLE_SPEND = Decimal("0.5")    # globex-before, team-a-gpt
GLOBEX_BYOK_SPEND = Decimal("1.1")  # globex-first-day, globex-later
GLOBEX_BILLABLE_SPEND = Decimal("0.4")


def write_csv(project, columns: list[str], rows: list[dict]) -> str:
    """Writes the catalog with these columns, in this order; returns the text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for rule in rows:
        writer.writerow({c: rule.get(c, "") for c in columns})
    (project.path / "seeds" / "model_catalog.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return buffer.getvalue()


def marts(project) -> dict[str, list[dict]]:
    return {name: project.mart(name) for name in ("billable_spend_daily", "budget_spend_daily")}


def catalog_rules(project) -> list[tuple]:
    return project.query(
        "select catalog_model_name, model_id, team_id, is_byok, valid_from, valid_to, tier, rule_label "
        f"from {project.relation('int_catalog_rules', 'intermediate')} order by rule_label"
    )


def assert_hand_figures(project) -> None:
    budget = project.mart("budget_spend_daily")
    billable = project.mart("billable_spend_daily")
    assert sum(r["byok_spend"] for r in budget) == BYOK_SPEND
    assert sum(r["billable_spend"] for r in budget) == BILLABLE_SPEND
    assert sum(r["spend"] for r in billable) == BILLABLE_SPEND
    assert sum(r["byok_spend"] for r in budget if r["team_id"] == "team-globex") == GLOBEX_BYOK_SPEND
    assert sum(r["spend"] for r in billable if r["team_id"] == "team-globex") == GLOBEX_BILLABLE_SPEND


def assert_fails_naming(project, published: dict, *fragments: str, select: tuple = ()) -> str:
    """Builds, expecting the catalog to stop the run with these fragments in its message,
    and the published marts to stay exactly as they were."""
    result = project.build(*select, expect_success=False)
    assert f"The model catalog {FILE} has" in result.output, result.output[-3000:]
    assert f"Fix {FILE} and run dbt build again." in result.output
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output[-3000:])
    # Nothing built from the catalog ran: no model error but the seed's.
    assert "Failure in seed model_catalog" in result.output
    assert marts(project) == published
    return result.output


# ---------- the four reproduced problems

def test_key_columns_with_stray_spaces_still_match(project):
    """`team-globex ` (trailing space) used to stop matching, and Globex's BYOK usage was billed."""
    spaced = [dict(rule) for rule in CATALOG]
    spaced[3]["model_id"] = " dep-acme-claude "
    spaced[4]["team_id"] = "team-globex "
    # A spreadsheet's tab after a BYOK rule's model group, a non-breaking space before another.
    spaced[1]["model_group"] = "mistral-large\t"
    spaced[2]["model_group"] = "\u00a0claude-sonnet-4"
    spaced[1]["is_byok"] = "true\t"
    text = write_csv(project, COLUMNS, spaced)
    assert "team-globex ,true" in text and "mistral-large\t,,,true\t," in text
    project.load_rows(ROWS)
    project.build()

    assert_hand_figures(project)
    rules = [r[:4] for r in catalog_rules(project)]
    assert ("gpt-4o", None, "team-globex", True) in rules
    assert {("mistral-large", None, None, True), ("claude-sonnet-4", None, None, False)} <= set(rules)


@pytest.fixture
def built(published, request, tmp_path):
    """A copy of the spelled catalog's build (below) and of its database, for a test that changes
    the catalog and builds again: the same rules as CATALOG, in the header's usual order."""
    base, _ = published
    return adopt(request, base.clone(tmp_path))


def test_columns_in_another_order_load_by_name(built):
    """The same catalog with its columns permuted (header and data alike), on the database a
    normal-order catalog built: the file's header decides, not the position."""
    project = built
    assert_hand_figures(project)
    published, rules = marts(project), catalog_rules(project)

    # Text columns swapped: loaded by position, team ids became model groups, silently.
    permuted = ["team_id", "model_group", "model_id", "is_byok", "valid_from", "valid_to", "notes", "provider"]
    text = write_csv(project, permuted, SPELLED)
    assert text.startswith("team_id,model_group,model_id,is_byok,")
    project.build()

    assert catalog_rules(project) == rules
    assert marts(project) == published
    assert_hand_figures(project)


def test_an_extra_column_just_works_and_descriptive_ones_may_go(built):
    """An operator adds a column (and drops `notes`) between two builds on the same database."""
    project = built
    published, rules = marts(project), catalog_rules(project)

    with_cost_center = [{**rule, "cost_center": str(4700 + i)} for i, rule in enumerate(SPELLED)]
    write_csv(project, ["model_group", "cost_center", "model_id", "team_id", "is_byok", "valid_from", "valid_to",
                        "provider"], with_cost_center)
    project.build()

    assert catalog_rules(project) == rules
    assert marts(project) == published
    assert_hand_figures(project)
    seeded = project.query(f"select cost_center from {project.relation('model_catalog', 'reference')} "
                           "where model_id = 'dep-acme-claude'")
    assert [str(value).split(".")[0] for (value,) in seeded] == ["4703"]


def test_duplicate_rules_fail_naming_both_lines(built):
    """Duplicates used to fail with "Got N results", naming neither the file nor the rows."""
    project = built
    published = marts(project)
    # Usage keeps arriving while the catalog is broken.
    project.load_rows([row("globex-meanwhile", "2026-03-13 09:00:00", 0.7, team_id="team-globex")])

    duplicated = [
        *CATALOG,
        dict(CATALOG[4]),                                                   # line 7: line 6 again
        {"model_group": " GPT-4o ", "is_byok": "no", "provider": "openai"},  # line 8: line 2 once normalised
    ]
    write_csv(project, COLUMNS, duplicated)
    assert_fails_naming(
        project, published,
        "lines 6 and 7: the same rule twice (model_group=gpt-4o model_id=* team_id=team-globex "
        "valid=[2026-03-10, open)); delete one of them, or give them different validity windows",
        "lines 2 and 8: the same rule twice (model_group=gpt-4o model_id=* team_id=* valid=[open, open))",
        f"{FILE} has 2 mistakes",
    )

    # Fixed: the next plain run publishes what arrived meanwhile.
    write_csv(project, COLUMNS, CATALOG)
    project.build()
    budget = project.mart("budget_spend_daily")
    assert sum(r["byok_spend"] for r in budget) == BYOK_SPEND + Decimal("0.7")
    assert sum(r["spend"] for r in project.mart("billable_spend_daily")) == BILLABLE_SPEND


# ---------- one project built once per adapter: spellings read, then broken catalogs

# The same rules, with is_byok spelled every accepted way, and one more rule no request uses.
SPELLED = [{**rule, "is_byok": spelling} for rule, spelling in zip(CATALOG, ["No", "Yes", "0", " 1 ", "TRUE"])]
SPELLED.append({"model_group": "dall-e-3", "is_byok": "FALSE"})


# The mistakes below build the catalog and everything built from it (marts included):
# what a full build adds (staging, history) never reads the catalog.
DOWNSTREAM = ("--select", "model_catalog+")


def assert_mistake_fails(project, published: dict, *fragments: str) -> str:
    return assert_fails_naming(project, published, *fragments, select=DOWNSTREAM)


@pytest.fixture(scope="module")
def published(module_project):
    """The spelled catalog built once. Each mistake test below breaks the catalog and builds
    again; a failed build writes nothing, so every test starts from this state."""
    write_csv(module_project, COLUMNS, SPELLED)
    module_project.load_rows(ROWS)
    module_project.build()
    return module_project, marts(module_project)


def test_is_byok_reads_true_false_yes_no_1_0_in_any_case(published):
    project, _ = published
    assert_hand_figures(project)
    verdicts = {(r[0], r[1], r[2]): r[3] for r in catalog_rules(project)}
    assert verdicts == {
        ("gpt-4o", None, None): False,
        ("mistral-large", None, None): True,
        ("claude-sonnet-4", None, None): False,
        (None, "dep-acme-claude", None): True,
        ("gpt-4o", None, "team-globex"): True,
        ("dall-e-3", None, None): False,
    }


def test_a_missing_key_column_fails_naming_the_header(published):
    project, before = published
    write_csv(project, ["model_group", "model_id", "is_byok", "valid_from", "provider", "notes"], CATALOG)
    assert_mistake_fails(
        project, before,
        "line 1: the header has no columns team_id, valid_to (it has: model_group, model_id, is_byok, valid_from, "
        "provider, notes); add or rename them: the header must name model_group, model_id, team_id, is_byok, "
        "valid_from, valid_to, in any order",
    )


def test_a_misspelled_key_column_fails_naming_the_header(published):
    project, before = published
    write_csv(project, ["model_group", "model_id", "Team-ID", "is_byok", "valid_from", "valid_until", "notes"],
              [{**rule, "Team-ID": rule.get("team_id", "")} for rule in CATALOG])
    assert_mistake_fails(
        project, before,
        'line 1: column "Team-ID" must be spelled exactly team_id (lowercase, with underscores, no spaces); '
        "rename it in the header",
        "line 1: the header has no column valid_to (it has: model_group, model_id, Team-ID, is_byok, valid_from, "
        "valid_until, notes); add or rename it",
    )


def test_bad_booleans_fail_naming_each_line(published):
    project, before = published
    broken = [dict(rule) for rule in CATALOG]
    broken[1]["is_byok"] = "ja"     # line 3
    broken[2]["is_byok"] = ""       # line 4
    broken[4]["is_byok"] = "t"      # line 6
    write_csv(project, COLUMNS, broken)
    assert_mistake_fails(
        project, before,
        f"{FILE} has 3 mistakes",
        'line 3: is_byok is "ja"; write true or false (yes/no and 1/0 are accepted too, in any letter case)',
        "line 4: is_byok is empty; write true (the team pays the provider, never billed) or false (billable)",
        'line 6: is_byok is "t"; write true or false',
    )


def test_bad_dates_fail_naming_each_line(published):
    project, before = published
    broken = [dict(rule) for rule in CATALOG]
    broken[0]["valid_to"] = "2026-02-30"   # line 2: no such day
    broken[2]["valid_from"] = "03/10/2026"  # line 4
    broken[4]["valid_from"] = "2026-3-10"   # line 6
    write_csv(project, COLUMNS, broken)
    assert_mistake_fails(
        project, before,
        f"{FILE} has 3 mistakes",
        'line 2: valid_to is "2026-02-30", not a date; write it as YYYY-MM-DD (e.g. 2026-03-01), '
        "or leave it empty for no end",
        'line 4: valid_from is "03/10/2026", not a date; write it as YYYY-MM-DD (e.g. 2026-03-01), '
        "or leave it empty for no start",
        'line 6: valid_from is "2026-3-10", not a date',
    )


def test_an_empty_window_fails_naming_its_line(published):
    project, before = published
    broken = [dict(rule) for rule in CATALOG]
    broken[4]["valid_to"] = "2026-03-10"   # line 6: [2026-03-10, 2026-03-10)
    write_csv(project, COLUMNS, broken)
    assert_mistake_fails(
        project, before,
        "line 6: valid_from 2026-03-10 is not before valid_to 2026-03-10, so the rule never applies; "
        "valid_to is the first day it no longer applies (exclusive): fix the dates or delete the line",
    )


def test_a_rule_naming_nothing_and_a_blank_line_fail_naming_their_lines(published):
    project, before = published
    text = write_csv(project, COLUMNS, [*CATALOG, {"valid_from": "2026-01-01", "is_byok": "true"}])
    # A quoted note over two lines moves the next rows down; a blank line is a mistake too.
    text = text.replace("operator's key", '"operator\'s\nkey"') + "\n" + "llama,,,false,,,,\n"
    (project.path / "seeds" / "model_catalog.csv").write_text(text)
    assert_mistake_fails(
        project, before,
        "line 8: the rule names no model_group, model_id or team_id, so it would apply to every request; "
        "fill in at least one of them",
        "line 9: the line is empty; delete it",
    )


def test_a_catalog_with_only_its_header_fails(published):
    """No rule at all would bill every BYOK model with exit 0: refused, the marts kept."""
    project, before = published
    write_csv(project, COLUMNS, [])
    assert_mistake_fails(
        project, before,
        f"{FILE} has 1 mistake",
        "the file holds only its header, no rule: every request would be billed, BYOK models included",
    )


def test_an_empty_catalog_file_fails_with_a_message(published):
    """Not even a header: dbt's own seed loader used to stop with "a callable raised a
    StopIteration exception"; the run stops before anything with what to do."""
    project, before = published
    (project.path / "seeds" / "model_catalog.csv").write_text("")
    result = project.build(*DOWNSTREAM, expect_success=False)
    assert f"The model catalog {FILE} is empty, without even its header, so nothing was built" in result.output
    assert "StopIteration" not in result.output
    assert marts(project) == before


def test_an_invisible_character_inside_a_key_column_fails_naming_its_line(published):
    """Blanks around a value are trimmed; a tab, a zero-width or a non-breaking space inside it
    cannot be, and the rule would silently match nothing: refused with its line."""
    project, before = published
    broken = [dict(rule) for rule in CATALOG]
    broken[1]["model_group"] = "mistral\u200b-large"   # line 3: a zero-width space
    broken[4]["team_id"] = "team\tglobex"               # line 6
    write_csv(project, COLUMNS, broken)
    assert_mistake_fails(
        project, before,
        f"{FILE} has 2 mistakes",
        'line 3: model_group is "mistral\\u200b-large", which holds a control or invisible character',
        'line 6: team_id is "team\\tglobex", which holds a control or invisible character',
    )


# ---------- an edit that bills BYOK usage

def test_an_edit_that_bills_byok_usage_fails_naming_it_until_confirmed(built):
    """Deleting Globex's BYOK rule would bill what Globex paid its provider: refused, naming the
    model, team and days, until the operator confirms once. The other way needs no confirmation."""
    project = built
    before = marts(project)
    without_globex = [rule for rule in CATALOG if rule.get("team_id") != "team-globex"]
    write_csv(project, COLUMNS, without_globex)
    refused = project.build(expect_success=False)
    assert "This catalog edit bills usage that the published marts hold as BYOK" in refused.output
    assert "  - gpt-4o, deployment (none), team team-globex: 2026-03-10 to 2026-03-1" in refused.output
    assert "run once with --vars '{confirm_byok_to_billable: true}'" in refused.output
    assert marts(project) == before

    project.build(extra_vars={"confirm_byok_to_billable": True})
    budget = project.mart("budget_spend_daily")
    assert sum(r["byok_spend"] for r in budget) == BYOK_SPEND - GLOBEX_BYOK_SPEND
    assert sum(r["spend"] for r in project.mart("billable_spend_daily") if r["team_id"] == "team-globex") \
        == GLOBEX_BILLABLE_SPEND + GLOBEX_BYOK_SPEND
    project.build()  # confirmed once: the published rules are today's

    # Billable usage made BYOK only stops billing: no confirmation.
    write_csv(project, COLUMNS, CATALOG)
    project.build()
    assert_hand_figures(project)
