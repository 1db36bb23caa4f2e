"""The feeds keep nothing of their own: what the WebSub hub is told is derived
from the changes log (``feeds.websub``)."""
