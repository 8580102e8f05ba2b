namespace LiveServer.Storage;

/// <summary>
/// One change to the store. Changes are applied in batches (<see cref="ILiveStore.WriteAsync"/>),
/// each batch in one transaction, in the order given.
/// </summary>
public abstract record StoreWrite
{
    /// <summary>Inserts a room (its <see cref="StoredRoom.LastSeq"/> is kept by <see cref="AppendEvent"/>).</summary>
    /// <param name="Room">The room.</param>
    public sealed record SaveRoom(StoredRoom Room) : StoreWrite;

    /// <summary>Records that a participant joined.</summary>
    /// <param name="Session">The stay, without <c>LeftAt</c>.</param>
    public sealed record SessionStarted(StoredParticipantSession Session) : StoreWrite;

    /// <summary>Records that a participant left.</summary>
    /// <param name="SessionId">The stay.</param>
    /// <param name="LeftAt">When it left.</param>
    public sealed record SessionEnded(string SessionId, DateTimeOffset LeftAt) : StoreWrite;

    /// <summary>Inserts or replaces a livestream's row.</summary>
    /// <param name="Livestream">Its current state.</param>
    public sealed record SaveLivestream(StoredLivestream Livestream) : StoreWrite;

    /// <summary>Appends to a livestream's status history.</summary>
    /// <param name="Change">The change.</param>
    public sealed record AddStatusChange(StoredStatusChange Change) : StoreWrite;

    /// <summary>Appends a room event and queues its webhook deliveries, in the same transaction.</summary>
    /// <param name="Event">The event.</param>
    /// <param name="Deliveries">One per webhook target (may be empty).</param>
    public sealed record AppendEvent(StoredRoomEvent Event, IReadOnlyList<StoredWebhookDelivery> Deliveries) : StoreWrite;

    /// <summary>Inserts or replaces a recording.</summary>
    /// <param name="Recording">Its current state.</param>
    public sealed record SaveRecording(StoredRecording Recording) : StoreWrite;

    /// <summary>Deletes a recording's row.</summary>
    /// <param name="RecordingId">The recording.</param>
    public sealed record DeleteRecording(string RecordingId) : StoreWrite;

    /// <summary>Records the outcome of a delivery attempt (or a manual retry).</summary>
    /// <param name="Delivery">The delivery's new state.</param>
    public sealed record UpdateDelivery(StoredWebhookDelivery Delivery) : StoreWrite;

    /// <summary>Stores a persisted pubsub message (<c>persist: true</c>).</summary>
    /// <param name="Message">The message, as it was pushed.</param>
    public sealed record SavePubsubMessage(StoredPubsubMessage Message) : StoreWrite;

    /// <summary>Marks a stored pubsub message deleted by a moderator (history leaves it out).</summary>
    /// <param name="RoomId">The room.</param>
    /// <param name="MessageId">The message.</param>
    /// <param name="DeletedAt">When it was deleted.</param>
    public sealed record DeletePubsubMessage(string RoomId, string MessageId, DateTimeOffset DeletedAt) : StoreWrite;

    /// <summary>Stores a participant's ban from a room (a second ban of the same participant keeps the first).</summary>
    /// <param name="Ban">The ban.</param>
    public sealed record SaveRoomBan(StoredRoomBan Ban) : StoreWrite;

    /// <summary>Inserts a poll with its options (a poll is saved once, when it opens).</summary>
    /// <param name="Poll">The poll.</param>
    public sealed record SavePoll(StoredPoll Poll) : StoreWrite;

    /// <summary>Records a vote; a second vote of the same voter on the same poll is ignored (its primary key).</summary>
    /// <param name="Vote">The vote.</param>
    public sealed record SavePollVote(StoredPollVote Vote) : StoreWrite;

    /// <summary>Marks an open poll closed.</summary>
    /// <param name="PollId">The poll.</param>
    /// <param name="ClosedAt">When it closed.</param>
    public sealed record ClosePoll(string PollId, DateTimeOffset ClosedAt) : StoreWrite;

    /// <summary>Inserts a question (a question is saved once, when it is asked).</summary>
    /// <param name="Question">The question.</param>
    public sealed record SaveQuestion(StoredQuestion Question) : StoreWrite;

    /// <summary>Records an upvote; a second upvote of the same voter on the same question is ignored (its primary key).</summary>
    /// <param name="Upvote">The upvote.</param>
    public sealed record SaveQuestionUpvote(StoredQuestionUpvote Upvote) : StoreWrite;

    /// <summary>Marks an open question answered, with the moderator's text answer if there is one.</summary>
    /// <param name="QuestionId">The question.</param>
    /// <param name="AnsweredAt">When it was answered.</param>
    /// <param name="Answer">The text answer, or null.</param>
    public sealed record AnswerQuestion(string QuestionId, DateTimeOffset AnsweredAt, string? Answer) : StoreWrite;

    /// <summary>Marks a question hidden (open or answered before).</summary>
    /// <param name="QuestionId">The question.</param>
    /// <param name="HiddenAt">When it was hidden.</param>
    public sealed record HideQuestion(string QuestionId, DateTimeOffset HiddenAt) : StoreWrite;

    /// <summary>Stores a gift that was sent.</summary>
    /// <param name="Gift">The gift.</param>
    public sealed record SaveGift(StoredGift Gift) : StoreWrite;

    /// <summary>Deletes a participant's ban from a room (nothing when it has none).</summary>
    /// <param name="RoomId">The room.</param>
    /// <param name="ParticipantId">The participant let back in.</param>
    public sealed record DeleteRoomBan(string RoomId, string ParticipantId) : StoreWrite;
}
