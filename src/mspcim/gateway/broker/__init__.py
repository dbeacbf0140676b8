"""The IEC 61968-100 JMS transport on a message broker (Apache ActiveMQ, over STOMP)."""
