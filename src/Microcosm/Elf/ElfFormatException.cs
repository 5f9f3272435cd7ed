namespace Microcosm.Elf;

/// <summary>A file that is not a well-formed ELF object the loader can use; the message is the reason.</summary>
public sealed class ElfFormatException(string reason) : Exception(reason);
