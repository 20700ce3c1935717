-- Audit: the history holds each request once. Checked where this run could have
-- written a second copy: its load set, and the whole history when run_window saw a
-- request whose start time moved (the only way a copy can end up outside it). The
-- rest was checked by the run that wrote it, so uniqueness holds across the history
-- at the cost of the new data.
select
    request_id,
    count(*) as copies
from {{ held_where_this_run_reads() }} as history
group by request_id
having count(*) > 1
