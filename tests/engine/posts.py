"""Two posts the model tests score: a disguised scam and a community event notice."""

SCAM = (
    "I got my blank ATM card from the hackers and withdraw $3000 every day! "
    "Contact them: cardkingshackers (at) gmail (dot) com or WhatsApp +234 803 555 0101"
)
EVENT = (
    "Our co-production network meets on Thursday 14 March, 10:00 to 11:30 online. Peer "
    "researchers will share findings. Book at https://www.eventbrite.co.uk/e/network-catch-up"
)
