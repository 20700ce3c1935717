-- The zone the published days were built in: one value, as the build refuses a changed zone.
select max(reporting_timezone) as reporting_timezone
from {marts}.published_days
