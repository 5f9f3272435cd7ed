using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using OperandType = System.Reflection.Emit.OperandType;

namespace Microcosm.Tests;

/// <summary>The type definitions one type's signatures, attributes and method bodies refer to.</summary>
internal sealed class TypeUses(PEReader pe, MetadataReader reader) : ISignatureTypeProvider<int, object?>
{
    private static readonly Dictionary<short, OperandType> Operands =
        typeof(System.Reflection.Emit.OpCodes).GetFields().Select(f => (System.Reflection.Emit.OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value, o => o.OperandType);

    public HashSet<TypeDefinitionHandle> Found { get; } = [];

    public void Type(TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        Entity(type.BaseType);
        foreach (var i in type.GetInterfaceImplementations()) Entity(reader.GetInterfaceImplementation(i).Interface);
        Attributes(type.GetCustomAttributes());
        foreach (var f in type.GetFields())
        {
            var field = reader.GetFieldDefinition(f);
            field.DecodeSignature(this, null);
            Attributes(field.GetCustomAttributes());
        }
        foreach (var p in type.GetProperties()) reader.GetPropertyDefinition(p).DecodeSignature(this, null);
        foreach (var m in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(m);
            method.DecodeSignature(this, null);
            Attributes(method.GetCustomAttributes());
            if (method.RelativeVirtualAddress != 0) Body(method);
        }
        foreach (var nested in type.GetNestedTypes()) Type(nested);
    }

    private void Attributes(CustomAttributeHandleCollection attributes)
    {
        foreach (var a in attributes) Entity(reader.GetCustomAttribute(a).Constructor);
    }

    private void Body(MethodDefinition method)
    {
        var body = pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil) reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE) code = unchecked((short)(0xFE00 | il.ReadByte()));
            switch (Operands[code])
            {
                case OperandType.InlineField or OperandType.InlineMethod
                    or OperandType.InlineSig or OperandType.InlineTok
                    or OperandType.InlineType:
                    Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32();   // read first: `il.Offset += ...` would take the offset before the read
                    il.Offset += 4 * targets;
                    break;
                case var operand:
                    il.Offset += operand switch
                    {
                        OperandType.InlineNone => 0,
                        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI
                            or OperandType.ShortInlineVar => 1,
                        OperandType.InlineVar => 2,
                        OperandType.InlineI8 or OperandType.InlineR => 8,
                        _ => 4,
                    };
                    break;
            }
        }
    }

    private void Entity(EntityHandle handle)
    {
        if (handle.IsNil) return;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                Found.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                break;
            case HandleKind.MethodDefinition:
                Found.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                Found.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                Entity(member.Parent);
                if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(this, null);
                else member.DecodeFieldSignature(this, null);
                break;
            case HandleKind.MethodSpecification:
                var spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                Entity(spec.Method);
                spec.DecodeSignature(this, null);
                break;
            case HandleKind.StandaloneSignature:
                var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (signature.GetKind() == StandaloneSignatureKind.Method) signature.DecodeMethodSignature(this, null);
                else signature.DecodeLocalSignature(this, null);
                break;
        }
    }

    public int GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        Found.Add(handle);
        return 0;
    }

    public int GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        r.GetTypeSpecification(handle).DecodeSignature(this, context);

    public int GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind) => 0;
    public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;
    public int GetSZArrayType(int elementType) => 0;
    public int GetArrayType(int elementType, ArrayShape shape) => 0;
    public int GetByReferenceType(int elementType) => 0;
    public int GetPointerType(int elementType) => 0;
    public int GetPinnedType(int elementType) => 0;
    public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;
    public int GetGenericMethodParameter(object? context, int index) => 0;
    public int GetGenericTypeParameter(object? context, int index) => 0;
    public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;
    public int GetFunctionPointerType(MethodSignature<int> signature) => 0;
}
