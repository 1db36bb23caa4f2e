"""``__in`` with a long list of values, sent to PostgreSQL as one array.

Reconcile and imports read and write thousands of rows by key a statement
(``filter(pk__in=batch)``, batches of 2,000). Django writes such a list as one
placeholder a value, and psycopg parses a statement that long again on every
execution (it caches only short ones): 16.9 ms for 2,000 keys, against 4.0 ms
for the same query with the keys as one array parameter. PostgreSQL plans
``IN (list)`` as ``= ANY (array)`` itself, so the plan is the same. Short
lists, subqueries, lists holding expressions and SQLite keep Django's SQL.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, lookups
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedIn

LONG = 100  # values from which a list is sent as an array


class _ArrayWhenLong:
    def _as_array(self, connection):
        return (
            connection.vendor == "postgresql"
            and self._element_type(connection) is not None
            and self.rhs_is_direct_value()
            and len(self.rhs) >= LONG
            and not any(hasattr(value, "resolve_expression") for value in self.rhs)
        )

    def _field(self):
        # Values are prepared, and typed, by the target field for a relation.
        return getattr(self.lhs.output_field, "target_field", None) or self.lhs.output_field

    def _element_type(self, connection):
        """The column's type without its length: cast to ``varchar(80)[]``, a
        longer value would be cut to 80 characters and match what it begins with."""
        column = self._field().db_type(connection)
        return column.split("(")[0] if column else None

    def as_sql(self, compiler, connection):
        if not self._as_array(connection):
            return super().as_sql(compiler, connection)
        lhs, params = self.process_lhs(compiler, connection)
        field = self._field()
        values = [field.get_db_prep_value(value, connection, prepared=True) for value in self.rhs if value is not None]
        if not values:
            raise EmptyResultSet  # NULL is never equal to anything, as Django's own ``in`` says
        return f"{lhs} = ANY(%s::{self._element_type(connection)}[])", (*params, values)


class In(_ArrayWhenLong, lookups.In):
    pass


class RelatedInArray(_ArrayWhenLong, RelatedIn):
    def _as_array(self, connection):
        return not isinstance(self.lhs, ColPairs) and super()._as_array(connection)


def register():
    """Make these every field's ``in`` (``ReviewsConfig.ready``)."""
    Field.register_lookup(In)
    ForeignObject.register_lookup(RelatedInArray, lookup_name="in")
