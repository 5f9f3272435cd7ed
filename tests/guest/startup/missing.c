int missing_library_symbol;
