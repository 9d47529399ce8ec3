//! Report writers (HTML, PDF, XLSX, CSV) built from analytics results.
