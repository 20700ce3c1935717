-- The zones of the published days, one row per zone of the reporting calendar
-- (vars reporting_timezone and reporting_timezone_changes, as the marts were built).
select distinct reporting_timezone, timezone_from, previous_timezone
from {marts}.published_days
