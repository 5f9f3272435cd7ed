using System.Runtime.InteropServices;

namespace Microcosm.Host.Windows;

/// <summary>The Win32 entry points the core needs on a Windows host, with the values they take.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal static unsafe partial class Kernel32
{
    private const string Lib = "kernel32.dll";
    /// <summary>Where WaitOnAddress lives (Windows 8 and later; Wine has it): the API set kernel32 forwards to.</summary>
    private const string Synch = "api-ms-win-core-synch-l1-2-0.dll";

    public const uint MEM_COMMIT = 0x1000, MEM_RESERVE = 0x2000, MEM_DECOMMIT = 0x4000, MEM_RELEASE = 0x8000;
    public const uint MEM_FREE = 0x10000, MEM_PRIVATE = 0x20000;
    public const uint PAGE_NOACCESS = 0x01, PAGE_READONLY = 0x02, PAGE_READWRITE = 0x04;
    public const uint PAGE_EXECUTE = 0x10, PAGE_EXECUTE_READ = 0x20, PAGE_EXECUTE_READWRITE = 0x40, PAGE_GUARD = 0x100;
    public const uint GENERIC_READ = 0x80000000;
    public const uint FILE_SHARE_READ = 1, FILE_SHARE_WRITE = 2, FILE_SHARE_DELETE = 4;
    public const uint OPEN_EXISTING = 3;
    public const uint FILE_ATTRIBUTE_DIRECTORY = 0x10;
    public const uint FILE_TYPE_DISK = 1;
    public const uint LOAD_LIBRARY_SEARCH_DEFAULT_DIRS = 0x1000;
    public const uint GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS = 4, GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT = 2;
    public const uint STACK_SIZE_PARAM_IS_A_RESERVATION = 0x10000, CREATE_SUSPENDED = 4;
    public const uint THREAD_SET_CONTEXT = 0x10, THREAD_TERMINATE = 0x1, THREAD_QUERY_LIMITED_INFORMATION = 0x800;
    public const uint THREAD_SUSPEND_RESUME = 0x2, THREAD_GET_CONTEXT = 0x8, THREAD_QUERY_INFORMATION = 0x40;
    /// <summary>CONTEXT_AMD64 | CONTEXT_CONTROL | CONTEXT_INTEGER: rip, rsp, the flags and the general registers.</summary>
    public const uint CONTEXT_CONTROL_INTEGER = 0x100003;
    /// <summary>CONTEXT_CONTROL_INTEGER | CONTEXT_FLOATING_POINT: and FltSave, the x87 and SSE state as fxsave lays it out.</summary>
    public const uint CONTEXT_CONTROL_INTEGER_FLOATING = 0x10000B;
    public const uint SYNCHRONIZE = 0x100000;
    public const uint INFINITE = 0xFFFFFFFF, WAIT_OBJECT_0 = 0, WAIT_TIMEOUT = 0x102;
    public const uint DUPLICATE_SAME_ACCESS = 2;
    public const uint HANDLE_FLAG_INHERIT = 1;
    public const uint STILL_ACTIVE = 259;
    public const int ERROR_FILE_NOT_FOUND = 2, ERROR_PATH_NOT_FOUND = 3, ERROR_NOT_ENOUGH_MEMORY = 8, ERROR_OUTOFMEMORY = 14, ERROR_COMMITMENT_LIMIT = 1455;
    public const int ERROR_INVALID_NAME = 123, ERROR_BAD_PATHNAME = 161;
    public static readonly nint INVALID_HANDLE_VALUE = -1;

    [StructLayout(LayoutKind.Sequential)]
    public struct ByHandleFileInformation
    {
        public uint FileAttributes;
        public uint CreationTimeLow, CreationTimeHigh, LastAccessTimeLow, LastAccessTimeHigh, LastWriteTimeLow, LastWriteTimeHigh; // FILETIMEs: 4-byte aligned
        public uint VolumeSerialNumber, FileSizeHigh, FileSizeLow, NumberOfLinks, FileIndexHigh, FileIndexLow;
    }

    /// <summary>STARTUPINFOW: what a process's creator passed, lpReserved2 included (the C runtimes' inherited descriptors).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct StartupInfo
    {
        public uint Size;
        public nint Reserved, Desktop, Title;
        public uint X, Y, XSize, YSize, XCountChars, YCountChars, FillAttribute, Flags;
        public ushort ShowWindow, Reserved2Size;
        public byte* Reserved2;
        public nint StdInput, StdOutput, StdError;
    }

    /// <summary>MEMORY_BASIC_INFORMATION (x64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MemoryBasicInformation
    {
        public nint BaseAddress, AllocationBase;
        public uint AllocationProtect;
        public ushort PartitionId;
        public nuint RegionSize;
        public uint State, Protect, Type;
    }

    [LibraryImport(Lib)] public static partial nuint VirtualQuery(nint address, MemoryBasicInformation* info, nuint size);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint VirtualAlloc(nint address, nuint size, uint type, uint protect);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint VirtualAllocEx(nint process, nint address, nuint size, uint type, uint protect);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool VirtualFree(nint address, nuint size, uint type);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool VirtualProtect(nint address, nuint size, uint protect, uint* old);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint CreateFileW(string name, uint access, uint share, nint security, uint disposition, uint flags, nint template);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool GetFileInformationByHandle(nint file, ByHandleFileInformation* info);
    [LibraryImport(Lib, SetLastError = true)] public static partial uint GetFileType(nint file);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool ReadFile(nint file, byte* buffer, uint count, uint* read, NativeOverlapped* overlapped);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint CreateFileMappingW(nint file, nint security, uint protect, uint sizeHigh, uint sizeLow, nint name);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint MapViewOfFile(nint mapping, uint access, uint offsetHigh, uint offsetLow, nuint size);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool UnmapViewOfFile(nint address);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool CloseHandle(nint handle);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint LoadLibraryExW(string name, nint reserved, uint flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint GetProcAddress(nint module, byte* name);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool FreeLibrary(nint module);
    [LibraryImport(Lib, SetLastError = true)] public static partial uint GetModuleFileNameW(nint module, char* name, uint size);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool GetModuleHandleExW(uint flags, nint address, nint* module);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint GetModuleHandleW(char* name);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint CreateThread(nint security, nuint stackSize, delegate* unmanaged<nint, uint> start, nint arg, uint flags, uint* id);
    [LibraryImport(Lib, SetLastError = true)] public static partial uint ResumeThread(nint thread);
    [LibraryImport(Lib, SetLastError = true)] public static partial uint SuspendThread(nint thread);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool GetThreadContext(nint thread, byte* context);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool SetThreadContext(nint thread, byte* context);
    /// <summary>ThreadBasicInformation (class 0): where the thread's TEB is, at offset 8 of the 48 bytes.</summary>
    [LibraryImport("ntdll.dll")] public static partial int NtQueryInformationThread(nint thread, int informationClass, byte* information, uint length, uint* returned);
    [LibraryImport(Lib, SetLastError = true)] public static partial uint WaitForSingleObject(nint handle, uint milliseconds);
    [LibraryImport(Lib)] public static partial uint GetCurrentThreadId();
    [LibraryImport(Lib, SetLastError = true)] public static partial nint OpenThread(uint access, [MarshalAs(UnmanagedType.Bool)] bool inherit, uint id);
    [LibraryImport(Lib, SetLastError = true)] public static partial uint QueueUserAPC(nint function, nint thread, nuint data);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool CancelSynchronousIo(nint thread);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool GetExitCodeThread(nint thread, uint* code);
    [LibraryImport(Lib)] public static partial void GetCurrentThreadStackLimits(nuint* low, nuint* high);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool SetThreadStackGuarantee(uint* size);

    [LibraryImport(Lib, SetLastError = true)] public static partial uint TlsAlloc();
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool TlsFree(uint index);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool TlsSetValue(uint index, nint value);
    [LibraryImport(Lib)] public static partial nint TlsGetValue(uint index);

    [LibraryImport(Lib)] public static partial nint AddVectoredExceptionHandler(uint first, nint handler);

    [LibraryImport(Lib)] public static partial nint GetCurrentProcess();
    [LibraryImport(Lib)] public static partial nint GetCurrentThread();
    [LibraryImport(Lib, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool DuplicateHandle(nint sourceProcess, nint source, nint targetProcess, nint* target, uint access,
        [MarshalAs(UnmanagedType.Bool)] bool inherit, uint options);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool SetHandleInformation(nint handle, uint mask, uint flags);
    [LibraryImport(Lib, SetLastError = true)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool GetHandleInformation(nint handle, uint* flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint GetStdHandle(int which);
    [LibraryImport(Lib)] public static partial void ExitProcess(uint code);
    [LibraryImport(Lib)] public static partial char* GetCommandLineW();
    [LibraryImport(Lib)] public static partial void GetStartupInfoW(StartupInfo* info);

    [LibraryImport(Synch, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool WaitOnAddress(void* address, void* compare, nuint size, uint milliseconds);
    [LibraryImport(Synch)] public static partial void WakeByAddressAll(void* address);

    /// <summary>The native address of an export of kernel32 (or the synchronization API set), for generated code to call.</summary>
    public static nint Export(string name, bool synch = false) =>
        NativeLibrary.GetExport(NativeLibrary.Load(synch ? Synch : Lib), name);

    /// <summary>The last error in words: the system's message and the code.</summary>
    public static string LastError() => Describe(Marshal.GetLastPInvokeError());

    public static string Describe(int error) => $"{Marshal.GetPInvokeErrorMessage(error).TrimEnd('.', ' ', '\r', '\n')} (error {error})";
}
