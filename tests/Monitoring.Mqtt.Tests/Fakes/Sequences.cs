using System.Buffers;

namespace Monitoring.Mqtt.Tests.Fakes;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, as a pipe hands them out.</summary>
public static class Sequences
{
    public static ReadOnlySequence<byte> Segmented(ReadOnlyMemory<byte> data, int segmentSize)
    {
        if (data.Length <= segmentSize)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new Segment(data[..segmentSize], 0);
        var last = first;
        for (var offset = segmentSize; offset < data.Length; offset += segmentSize)
        {
            last = last.Append(data.Slice(offset, Math.Min(segmentSize, data.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
