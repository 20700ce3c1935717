{#-
    What run/run_window reads and whether it rebuilds every day, read at compile time
    so that the SQL holds literals the engines can prune by. A dict:

      load_everything  no history yet (or var rebuild_history): read the whole source;
      lookback_from    var lookback_days before the latest day held;
      rebuild_from     lookback_from, or var reprocess_from when earlier;
      load_from        a day before rebuild_from, so that no reporting time zone moves
                       a row across the edge (none: everything);
      rebuild_all      every day held is rebuilt (full_rebuild): first publish,
                       --full-refresh, or a published layout this release changed (a
                       new mart, a grain column added to the candidate), or a reporting
                       calendar that moves published days (`zone_changed`);
      rebuild_reason   the reason every rebuilt day gets then: full_rebuild, or
                       timezone_change when only the calendar asks for it.

    The arguments are earlier runs' tables (previous_state), none before their first
    build: history, published (run_published_days), candidate and published_mart
    (spend_by_model_daily).
-#}
{% macro run_window_bounds(history, published, candidate, published_mart, zone_changed) %}
    {%- set latest_day = none -%}
    {%- if history is not none and not rebuild_history() -%}
        {%- set latest_day = run_query(
            'select ' ~ reporting_date('max(started_at)') ~ ' from ' ~ history
        ).columns[0].values()[0] -%}
    {%- endif -%}
    {%- set bounds = {'load_everything': latest_day is none, 'lookback_from': none, 'rebuild_from': none,
                      'load_from': none} -%}
    {%- if latest_day is not none -%}
        {%- set lookback_from = latest_day - modules.datetime.timedelta(days=lookback_days() | int) -%}
        {%- set rebuild_from = lookback_from -%}
        {%- if reprocess_from() -%}
            {%- set forced_from = modules.datetime.date.fromisoformat(var('reprocess_from') | string) -%}
            {%- set rebuild_from = [forced_from, lookback_from] | min -%}
        {%- endif -%}
        {%- do bounds.update({'lookback_from': lookback_from, 'rebuild_from': rebuild_from,
                              'load_from': rebuild_from - modules.datetime.timedelta(days=1)}) -%}
    {%- endif -%}
    {%- set layout_changed = false -%}
    {%- if candidate is not none -%}
        {%- set held_columns = adapter.get_columns_in_relation(candidate) | map(attribute='name') | map('lower') | list -%}
        {%- set layout_changed = published_mart is none
            or candidate_grain() | reject('in', held_columns) | list | length > 0 -%}
    {%- endif -%}
    {%- set rebuilt_anyway = bounds.load_everything or flags.FULL_REFRESH or published is none
                             or candidate is none or layout_changed -%}
    {%- do bounds.update({'rebuild_all': rebuilt_anyway or zone_changed,
                          'rebuild_reason': 'full_rebuild' if rebuilt_anyway or not zone_changed else 'timezone_change'}) -%}
    {{ return(bounds) }}
{% endmacro %}
