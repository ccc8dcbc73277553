"""Open Referral UK (HSDS) import and export of the partner directory.

read.py and tabular.py read the three input forms into nested services; mapping.py turns one service into
partner fields; importer.py imports them in one transaction (import_directory, import_file); export.py and
tabular_write.py write our directory as Open Referral UK 3.0 JSON or an HSDS 3.0 tabular package.
"""

from liferooms_tui.directory.openreferral.export import FORMATS, ExportResult, export_directory
from liferooms_tui.directory.openreferral.importer import import_directory, import_file, import_partners
from liferooms_tui.directory.openreferral.read import Feed, load
from liferooms_tui.directory.openreferral.summary import ImportSummary

__all__ = ["FORMATS", "ExportResult", "Feed", "ImportSummary", "export_directory", "import_directory", "import_file",
           "import_partners", "load"]
