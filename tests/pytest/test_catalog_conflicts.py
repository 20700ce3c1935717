"""Equally specific catalog rows that disagree fail the build, naming both rows."""

from decimal import Decimal

from spend_log_fixtures import row


def test_conflicting_rows_fail_the_build_with_their_names(project):
    project.write_catalog([
        {"model_group": "gpt-4o", "is_byok": "false"},
        {"model_group": "gpt-4o", "team_id": "team-a", "is_byok": "true", "valid_from": "2026-03-01"},
        {"model_group": "gpt-4o", "team_id": "team-a", "is_byok": "false", "valid_to": "2026-03-05"},
    ])
    project.load_rows([
        row("before_overlap", "2026-02-27 10:00:00", 0.1),
        row("in_overlap", "2026-03-02 10:00:00", 0.1),
    ])
    result = project.build(expect_success=False)

    assert "conflicting rows" in result.output
    assert "model_group=gpt-4o model_id=* team_id=team-a valid=[2026-03-01, open) is_byok=true" in result.output
    assert "model_group=gpt-4o model_id=* team_id=team-a valid=[open, 2026-03-05) is_byok=false" in result.output
    assert "from 2026-03-02 to 2026-03-02" in result.output


def test_a_more_specific_row_resolves_the_disagreement(project):
    project.write_catalog([
        {"model_group": "gpt-4o", "team_id": "team-a", "is_byok": "true"},
        {"model_group": "gpt-4o", "is_byok": "false"},
        {"model_id": "dep-1", "is_byok": "false"},
        {"model_id": "dep-1", "model_group": "gpt-4o", "is_byok": "false"},
    ])
    project.load_rows([row("x", "2026-03-02 10:00:00", 0.1, model_id="dep-1")])
    project.build()
    assert [r["spend"] for r in project.mart("billable_spend_daily")] == [Decimal("0.1")]
