"""Job brokers that keep a job until its result is saved, and hand it out again if it never is.

django-q2 acknowledges a job once the worker's result is saved. Its database broker keeps a job
it has handed out locked for `retry` seconds and hands it out again if no acknowledgement came;
its Redis broker pops the job, so a worker killed mid-job (kill -9, out of memory, a lost
machine) takes the job with it. Both brokers here lease each job they hand out instead:

- a job with its own time limit (`timeout`, see Q_JOB_TIMEOUTS) is leased for that limit plus
  LEASE_MARGIN_SECONDS, so a screening a killed worker took is handed out again within about
  half a minute, while a job that is still running is never handed out twice (django-q2 stops
  a job at its limit, three seconds' grace at most);
- any other job is leased for Q_CLUSTER["retry"], which django-q2 needs above `timeout`.

A job can still run twice (its result saved just after its lease ran out, or a job queued again
by the sweep): every job here may run twice without harm.
"""

from __future__ import annotations

from datetime import timedelta
from time import sleep

from django.utils import timezone
from django_q.brokers.orm import ORM
from django_q.brokers.redis_broker import Redis
from django_q.conf import Conf
from django_q.signing import BadSignature, SignedPackage

# django-q2 gives a job 3 s past its limit before stopping its worker; then the result is saved.
LEASE_MARGIN_SECONDS = 10


def lease_seconds(payload) -> float:
    """How long a job handed out stays leased to the worker that took it."""
    try:
        limit = SignedPackage.loads(payload).get("timeout")
    except (BadSignature, TypeError, ValueError, AttributeError):
        limit = None  # the pusher refuses it and calls fail(); any lease will do
    return limit + LEASE_MARGIN_SECONDS if limit else Conf.RETRY


class LeasedORM(ORM):
    """The database broker, with each job locked for its own lease rather than `retry`."""

    def timeout(self, task):
        return timezone.now() + timedelta(seconds=lease_seconds(task.payload))


# Take the first waiting job, leasing it for ARGV[1] seconds. Jobs whose lease ran out first
# go back to the front of the queue: they have waited once already. Atomic, so two clusters
# never take the same job, and no job is ever out of both the queue and the leases.
_TAKE = """
local now = redis.call('TIME')
now = tonumber(now[1]) + tonumber(now[2]) / 1000000
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)
for i = #due, 1, -1 do
  redis.call('ZREM', KEYS[2], due[i])
  redis.call('LPUSH', KEYS[1], due[i])
end
local job = redis.call('LPOP', KEYS[1])
if job then
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), job)
end
return job
"""

# Shorten or lengthen the lease of a job still leased (not one acknowledged meanwhile).
_RENEW = """
local now = redis.call('TIME')
now = tonumber(now[1]) + tonumber(now[2]) / 1000000
return redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
"""


class LeasedRedis(Redis):
    """The Redis broker, with jobs handed out kept in a sorted set (`<queue>:leases`, scored by
    when the lease ends) until acknowledged."""

    @property
    def leases_key(self) -> str:
        return f"{self.list_key}:leases"

    def dequeue(self):
        job = self.connection.eval(_TAKE, 2, self.list_key, self.leases_key, Conf.RETRY)
        if job is None:
            sleep(Conf.POLL)  # nothing waiting: spare the CPU, as the database broker does
            return None
        lease = lease_seconds(job)
        if lease != Conf.RETRY:
            self.connection.eval(_RENEW, 1, self.leases_key, lease, job)
        return [(job, job)]

    def enqueue_first(self, task):
        """Queue a job ahead of those waiting (queue.enqueue(..., first=True))."""
        return self.connection.lpush(self.list_key, task)

    def acknowledge(self, task_id):
        return self.connection.zrem(self.leases_key, task_id)

    def fail(self, task_id):
        return self.acknowledge(task_id)

    def lock_size(self) -> int:
        return self.connection.zcard(self.leases_key)

    def delete_queue(self):
        return self.connection.delete(self.list_key, self.leases_key)

    def purge_queue(self):
        self.connection.delete(self.leases_key)
        return super().purge_queue()
