// The CLI's own native calls (libc.so.6's fcntl, readdir, ...) go straight to the system's libraries: by default the
// runtime first looks for each library beside microcosm, an openat that fails on every run.
[assembly: System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.System32)]
