namespace LiveServer.WebRtc.Rtcp;

/// <summary>SDES item types (RFC 3550 section 12.2).</summary>
public enum SdesItemType
{
    /// <summary>END: the null item that closes a chunk.</summary>
    End = 0,

    /// <summary>CNAME, canonical end-point identifier.</summary>
    Cname = 1,

    /// <summary>NAME, user name.</summary>
    Name = 2,

    /// <summary>EMAIL, electronic mail address.</summary>
    Email = 3,

    /// <summary>PHONE, phone number.</summary>
    Phone = 4,

    /// <summary>LOC, geographic location.</summary>
    Location = 5,

    /// <summary>TOOL, application or tool name.</summary>
    Tool = 6,

    /// <summary>NOTE, notice/status.</summary>
    Note = 7,

    /// <summary>PRIV, private extensions.</summary>
    Private = 8,
}
