// The core's native calls (libc.so.6 on POSIX hosts, kernel32.dll & co. on Windows) go straight to the system's
// libraries: by default the runtime first looks for each beside the application, an open that fails on every run
// (and on Windows the directory a DLL planted beside the application would be loaded from).
[assembly: System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.System32)]
