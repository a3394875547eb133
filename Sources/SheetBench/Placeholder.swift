enum SheetBenchPlaceholder {}
