using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace LoRASculpt.Storage.Sqlite;

/// <summary>
/// Leaves an explicitly configured serializer alone; otherwise uses Orleans' own binary serializer.
/// The silo-wide default <see cref="IGrainStorageSerializer"/> in Orleans 10 is Newtonsoft JSON, which ignores
/// [GenerateSerializer]/[Id] and fails on this project's immutable state records; the Orleans serializer
/// round-trips them and tolerates added or removed [Id] members across versions.
/// </summary>
internal sealed class OrleansBinarySerializerDefault(Serializer serializer) : IPostConfigureOptions<SqliteGrainStorageOptions>
{
    public void PostConfigure(string? name, SqliteGrainStorageOptions options) =>
        options.GrainStorageSerializer ??= new OrleansGrainStorageSerializer(serializer);
}
