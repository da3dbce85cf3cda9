"""Validate: type every value against its kind's schema, repair what is safe, report the rest.

``check`` and ``validate_frame`` work on a GeoDataFrame; ``read_checked`` reads a file and checks it;
``LayerReport`` says, per input, what was read, drawn, repaired and rejected.
"""
from geo.validate.control import check_control_table, read_control, read_record
from geo.validate.fields import check, check_control, validate_frame, without_rejected
from geo.validate.load import check_frame, gap_counts, layer_name, read_checked, read_layer
from geo.validate.report import LayerReport, RejectedFeaturesWarning, raise_rejects, rejects_table, warn_rejects

__all__ = ["LayerReport", "RejectedFeaturesWarning", "check", "check_control", "check_frame", "gap_counts", "check_control_table",
           "layer_name", "raise_rejects", "read_checked", "read_control", "read_layer", "read_record", "rejects_table",
           "validate_frame", "warn_rejects", "without_rejected"]
