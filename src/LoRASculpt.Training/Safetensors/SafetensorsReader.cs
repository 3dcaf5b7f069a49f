using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Safetensors;

/// <summary>
/// Streams tensors out of one safetensors file. Opening reads and validates the header only; each
/// <see cref="ReadTensor"/> / <see cref="ReadInto"/> reads that tensor's bytes straight into the native
/// memory of a tensor of its own dtype, in bounded chunks, so neither the file nor a tensor has to fit a
/// .NET array (files and tensors over 2 GB load) and nothing is widened to float32.
/// </summary>
public sealed class SafetensorsReader : IDisposable
{
    /// <summary>Bytes read per system call by default. Span lengths are int, so a chunk must stay under 2 GB; 64 MB keeps calls few.</summary>
    public const int DefaultChunkBytes = 64 * 1024 * 1024;

    private readonly SafeFileHandle _file;
    private readonly SafetensorsHeader _header;
    private readonly int _chunkBytes;

    /// <param name="chunkBytes">Bytes read per system call (rounded down to whole elements, at least one); tests make it tiny to exercise the chunked path.</param>
    public SafetensorsReader(string path, int chunkBytes = DefaultChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors stores little-endian bytes; this reader copies them unchanged and needs a little-endian host.");
        Path = System.IO.Path.GetFullPath(path);
        _chunkBytes = chunkBytes;
        _file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            _header = SafetensorsHeader.Read(_file, Path);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public string Path { get; }

    /// <summary>The header's "__metadata__" string map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    /// <summary>Every tensor's header entry by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors => _header.Tensors;

    public bool Contains(string name) => _header.Tensors.ContainsKey(name);

    public SafetensorsTensorInfo TensorInfo(string name) =>
        _header.Tensors.TryGetValue(name, out var info)
            ? info
            : throw new KeyNotFoundException($"Tensor '{name}' is not in safetensors file '{Path}'.");

    /// <summary>A new tensor in the file's dtype holding the stored values, on <paramref name="device"/> (CPU by default). The caller owns it.</summary>
    public Tensor ReadTensor(string name, Device? device = null)
    {
        var info = TensorInfo(name);
        var result = torch.empty(info.Shape, info.ScalarType, torch.CPU);
        try
        {
            FillFromFile(info, result);
        }
        catch
        {
            result.Dispose();
            throw;
        }
        if (device is null || device.type == DeviceType.CPU) return result;
        using (result)
            return result.to(device);
    }

    /// <summary>
    /// Copies the stored values into <paramref name="target"/> (same shape required) in place, keeping its dtype
    /// and device: bytes go straight into a contiguous CPU target of the same dtype; otherwise the tensor is read
    /// in its own dtype and copied (converting dtype or moving device), one tensor's temporary at a time.
    /// </summary>
    public void ReadInto(string name, Tensor target)
    {
        var info = TensorInfo(name);
        if (!info.Shape.SequenceEqual(target.shape))
            throw new InvalidDataException(
                $"Tensor '{name}' in '{Path}' has shape {info.ShapeText} ({info.DType}) but the target has shape {SafetensorsTensorInfo.FormatShape(target.shape)} ({target.dtype}).");
        using var noGrad = torch.no_grad();
        if (target.device_type == DeviceType.CPU && target.dtype == info.ScalarType && target.is_contiguous())
        {
            FillFromFile(info, target);
            return;
        }
        using var stored = ReadTensor(name);
        target.copy_(stored);
    }

    public void Dispose() => _file.Dispose();

    private void FillFromFile(SafetensorsTensorInfo info, Tensor destination)
    {
        if (info.ElementCount == 0) return;
        var elementSize = SafetensorsScalarTypes.ElementSize(info.ScalarType);
        var elementsPerChunk = Math.Max(1, _chunkBytes / elementSize);
        using var flat = destination.view(-1);
        var offset = info.FileOffset;
        for (long start = 0; start < info.ElementCount; start += elementsPerChunk)
        {
            var count = Math.Min(elementsPerChunk, info.ElementCount - start);
            using var chunk = flat.narrow(0, start, count);
            // Tensor.bytes is a span over the tensor's own native memory: the file is read straight into it.
            var bytes = chunk.bytes;
            try
            {
                SafetensorsHeader.ReadExactly(_file, bytes, offset, Path);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"Tensor '{info.Name}' in '{Path}' could not be read: {e.Message}", e);
            }
            offset += bytes.Length;
        }
    }
}
