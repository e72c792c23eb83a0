using Monitoring.Mqtt.Formatter;

namespace Monitoring.Mqtt;

/// <summary>Topic names, topic filters and matching (spec 4.7), including shared subscriptions <c>$share/&lt;group&gt;/&lt;filter&gt;</c>.</summary>
public static class MqttTopic
{
    private const string SharePrefix = "$share/";

    /// <summary>
    /// A name to publish to: at least one character, no wildcard, no U+0000, at most 65535 UTF-8 bytes
    /// (spec 4.7.3, 3.3.2.1).
    /// </summary>
    public static bool IsValidTopicName(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return topic.Length > 0
            && topic.AsSpan().IndexOfAny('+', '#') < 0
            && MqttUtf8String.IsValid(topic);
    }

    /// <summary>
    /// A filter to subscribe to: '+' fills a whole level, '#' fills a whole level and comes last (spec 4.7.1).
    /// A shared subscription needs a group without '/', '+' or '#' and a valid filter after it.
    /// </summary>
    public static bool IsValidTopicFilter(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (!MqttUtf8String.IsValid(filter))
        {
            return false;
        }

        var levels = filter.AsSpan();
        if (levels.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            if (!TrySplitShare(levels, out _, out levels))
            {
                return false;
            }
        }

        if (levels.IsEmpty)
        {
            return false;
        }

        while (true)
        {
            var slash = levels.IndexOf('/');
            var level = slash < 0 ? levels : levels[..slash];
            if (level.IndexOfAny('+', '#') >= 0)
            {
                var isPlus = level is "+";
                var isLastHash = level is "#" && slash < 0;
                if (!isPlus && !isLastHash)
                {
                    return false;
                }
            }

            if (slash < 0)
            {
                return true;
            }

            levels = levels[(slash + 1)..];
        }
    }

    /// <summary>
    /// Whether <paramref name="topic"/> matches <paramref name="filter"/> (spec 4.7.1). A leading '+' or '#' does not
    /// match topics starting with '$' (spec 4.7.2). A shared filter matches like the filter after its group.
    /// Returns false for an invalid filter or topic name.
    /// </summary>
    public static bool Matches(string filter, string topic)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(topic);
        if (!IsValidTopicFilter(filter) || !IsValidTopicName(topic))
        {
            return false;
        }

        var f = filter.AsSpan();
        if (f.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            TrySplitShare(f, out _, out f);
        }

        // 4.7.2: "The Server MUST NOT match Topic Filters starting with a wildcard character (# or +) with Topic Names beginning with a $ character" [MQTT-4.7.2-1].
        if (topic[0] == '$' && f[0] is '+' or '#')
        {
            return false;
        }

        var t = topic.AsSpan();
        while (true)
        {
            var filterSlash = f.IndexOf('/');
            var filterLevel = filterSlash < 0 ? f : f[..filterSlash];

            // 4.7.1.2: '#' matches the parent level and any number of child levels.
            if (filterLevel is "#")
            {
                return true;
            }

            var topicSlash = t.IndexOf('/');
            var topicLevel = topicSlash < 0 ? t : t[..topicSlash];
            if (filterLevel is not "+" && !filterLevel.SequenceEqual(topicLevel))
            {
                return false;
            }

            if (topicSlash < 0)
            {
                // The topic has no more levels: match if the filter has none either, or only a final '#'.
                return filterSlash < 0 || f[(filterSlash + 1)..] is "#";
            }

            if (filterSlash < 0)
            {
                return false;
            }

            f = f[(filterSlash + 1)..];
            t = t[(topicSlash + 1)..];
        }
    }

    /// <summary>The group of a shared subscription <c>$share/&lt;group&gt;/&lt;filter&gt;</c>, or null for any other filter.</summary>
    public static string? SharedGroup(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter.StartsWith(SharePrefix, StringComparison.Ordinal)
            && TrySplitShare(filter, out var group, out var rest)
            && !rest.IsEmpty
            ? group.ToString()
            : null;
    }

    private static bool TrySplitShare(ReadOnlySpan<char> filter, out ReadOnlySpan<char> group, out ReadOnlySpan<char> rest)
    {
        var afterPrefix = filter[SharePrefix.Length..];
        var slash = afterPrefix.IndexOf('/');
        if (slash <= 0 || afterPrefix[..slash].IndexOfAny('+', '#') >= 0)
        {
            group = default;
            rest = default;
            return false;
        }

        group = afterPrefix[..slash];
        rest = afterPrefix[(slash + 1)..];
        return true;
    }
}
