"""Service mixins: each area's methods of :class:`svetofor.service.Svetofor`, one module per area.

``Svetofor`` inherits every mixin here, so pages and the CLI still talk to one object, which stays
the single permission gate; keeping each area in its own module keeps merges between areas small.
"""
