-- The other sessions holding locks on the project's relations (tables, views) in the schemas the
-- parameter schemas matches: one row each, for the message of a run that gave up waiting.
select activity.pid, activity.usename, coalesce(nullif(activity.application_name, ''), '-'),
       coalesce(host(activity.client_addr), 'local'), activity.state,
       to_char(activity.state_change at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
       string_agg(distinct namespace.nspname || '.' || class.relname, ', ')
from pg_locks as locks
join pg_class as class on class.oid = locks.relation
join pg_namespace as namespace on namespace.oid = class.relnamespace
join pg_stat_activity as activity on activity.pid = locks.pid
where locks.granted and class.relkind in ('r', 'v', 'm', 'p') and namespace.nspname like %(schemas)s
    and activity.pid <> pg_backend_pid()
group by 1, 2, 3, 4, 5, 6
order by 6
