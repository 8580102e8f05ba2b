using System.Net;

namespace LiveServer.WebRtc.Ice;

/// <summary>One address of one network interface.</summary>
/// <param name="InterfaceName">The interface's name (<c>eth0</c>, <c>lo</c>).</param>
/// <param name="Address">The address.</param>
/// <param name="IsUp">False when the interface is down.</param>
/// <param name="IsLoopback">True for a loopback interface or address.</param>
public sealed record InterfaceAddress(string InterfaceName, IPAddress Address, bool IsUp, bool IsLoopback);
